package results

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"sort"

	"github.com/ctlake/ctlake/internal/atomicfile"

	"github.com/klauspost/compress/gzip"
)

// Delivery writes a FINISHED query's rows to a destination in CloudTrail Lake's layout:
//
//	<uri>/AWSLogs/<account>/CloudTrail-Lake/Query/YYYY/MM/DD/<queryId>/result_1.csv.gz
//	                                                                  result_2.csv.gz …
//	                                                                  result_sign.json
//
// YYYY/MM/DD is the UTC date the query completed. Each result_N.csv.gz is a gzip file of
// RFC 4180 CSV (encoding/csv: fields quoted when needed, "\n" line ends) with the column
// names as header row and the values as Text gives them (NULL as an empty field). A file
// is closed once it holds the row limit (default 1,000,000 data rows) or 1 GiB of
// uncompressed CSV, and the next row starts result_N+1 with the header again; an empty
// result is one file with only the header. The result files are written first,
// result_sign.json (see sign.go) last, so a folder with a sign file is complete. Files
// from an earlier delivery of the same query beyond the new count are removed.
const (
	queryFolderFormat = "2006/01/02"
	csvContentType    = "application/gzip"
	signContentType   = "application/json"
	ctxCheckRows      = 10000
)

// DeliveryFolder returns where Deliver puts a query's files under uri: the folder to give
// Validate.
func (s *Store) DeliveryFolder(rec *Record, uri string) (string, error) {
	loc, err := parseLocation(uri)
	if err != nil {
		return "", err
	}
	return s.deliveryFolder(loc, rec).String(), nil
}

func (s *Store) deliveryFolder(loc *location, rec *Record) *location {
	day := rec.CompletionTime.UTC().Format(queryFolderFormat)
	return loc.join("AWSLogs", s.account, "CloudTrail-Lake", "Query", day[0:4], day[5:7], day[8:10], rec.QueryID)
}

// Deliver writes a FINISHED query's results to uri (s3://bucket/prefix or file:///dir; ""
// means the record's DeliveryS3Uri) and records the outcome: DeliveryStatus SUCCESS and
// DeliveryLocation, or FAILED, RESOURCE_NOT_FOUND (no such bucket or folder),
// ACCESS_DENIED, FAILED_SIGNING_FILE, ACCESS_DENIED_SIGNING_FILE or CANCELLED with
// DeliveryErrorMessage, returning the record and a *DeliveryError (errors.Is ErrDelivery).
// The stored result is never touched, so a failed delivery may be retried. A query that is
// not FINISHED gives ErrInvalidQueryStatus; a malformed uri ErrInvalidParameter; neither
// changes the record.
func (s *Store) Deliver(ctx context.Context, id, uri string) (*Record, error) {
	rec, meta, err := s.finished(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("deliver: %w", err)
	}
	if uri == "" {
		uri = rec.DeliveryS3URI
	}
	if uri == "" {
		return nil, fmt.Errorf("deliver query %s: %w: no destination", id, ErrInvalidParameter)
	}
	root, err := parseLocation(uri)
	if err != nil {
		return nil, fmt.Errorf("deliver query %s: %w", id, err)
	}
	if _, err := s.update(ctx, id, func(st *stored) error {
		st.DeliveryS3URI, st.DeliveryStatus, st.DeliveryErrorMessage = uri, DeliveryPending, ""
		return nil
	}); err != nil {
		return nil, err
	}
	dest := s.deliveryFolder(root, rec)
	status, derr := s.deliver(ctx, rec, meta, root, dest)
	rec, err = s.update(context.WithoutCancel(ctx), id, func(st *stored) error {
		st.DeliveryStatus, st.DeliveryTime = status, s.now().UTC()
		if derr != nil {
			st.DeliveryErrorMessage = errorMessage(derr)
			return nil
		}
		st.DeliveryLocation, st.DeliveryErrorMessage = dest.String(), ""
		return nil
	})
	if err != nil {
		return nil, errors.Join(err, derr)
	}
	if derr != nil {
		return rec, &DeliveryError{Status: status, Err: derr}
	}
	return rec, nil
}

// deliver writes the files and returns the delivery status.
func (s *Store) deliver(ctx context.Context, rec *Record, meta *resultMeta, root, dest *location) (DeliveryStatus, error) {
	fold, err := openFolder(ctx, dest, root)
	if err != nil {
		return deliveryStatusOf(ctx, err, false), err
	}
	r, err := openResult(s.queryDir(rec.QueryID), meta, 0, meta.Rows)
	if err != nil {
		return DeliveryFailed, err
	}
	defer r.Close()
	var files []SignedFile
	has := r.Next()
	for part := 1; ; part++ {
		name := fmt.Sprintf("result_%d.csv.gz", part)
		sum, err := s.deliverPart(ctx, fold, s.queryDir(rec.QueryID), name, meta.Columns, r, &has)
		if err != nil {
			return deliveryStatusOf(ctx, err, false), fmt.Errorf("%s: %w", name, err)
		}
		files = append(files, SignedFile{FileHashValue: sum, FileName: name})
		if !has {
			break
		}
	}
	if err := r.Err(); err != nil {
		return DeliveryFailed, err
	}
	removeStaleParts(ctx, fold, len(files))

	sf := &SignFile{
		Version: signVersion, Region: s.region, Files: files,
		HashAlgorithm: hashAlgorithm, SignatureAlgorithm: signatureAlgorithm,
		QueryCompleteTime: rec.CompletionTime.UTC().Format(queryCompleteLayout),
	}
	if err := signFile(s.key, sf); err != nil {
		return DeliveryFailedSigningFile, err
	}
	data, err := json.MarshalIndent(sf, "", "  ")
	if err != nil {
		return DeliveryFailedSigningFile, err
	}
	data = append(data, '\n')
	if err := fold.put(ctx, signFileName, bytes.NewReader(data), int64(len(data)), signContentType); err != nil {
		return deliveryStatusOf(ctx, err, true), fmt.Errorf("%s: %w", signFileName, err)
	}
	return DeliverySuccess, nil
}

// deliverPart writes one result_N.csv.gz from r's rows (the current row is pending when
// *has is true) into a temporary file in tmpDir until a limit, uploads it and returns its
// hex SHA-256. It leaves *has true when rows remain for the next part.
func (s *Store) deliverPart(ctx context.Context, fold folder, tmpDir, name string, cols []string, r *Reader, has *bool) (string, error) {
	tmp, err := os.CreateTemp(tmpDir, atomicfile.TempPrefix+"deliver-*.csv.gz")
	if err != nil {
		return "", err
	}
	defer func() {
		tmp.Close()
		os.Remove(tmp.Name())
	}()
	h := sha256.New()
	fw := bufio.NewWriterSize(io.MultiWriter(tmp, h), 1<<20)
	zw, err := gzip.NewWriterLevel(fw, gzip.DefaultCompression)
	if err != nil {
		return "", err
	}
	raw := &countWriter{w: zw}
	cw := csv.NewWriter(raw)
	if err := cw.Write(cols); err != nil {
		return "", err
	}
	var n int64
	for *has && (n == 0 || (n < s.limits.rows && raw.n < s.limits.bytes)) {
		if err := cw.Write(r.Text()); err != nil {
			return "", err
		}
		if n++; n%ctxCheckRows == 0 {
			if err := ctx.Err(); err != nil {
				return "", err
			}
		}
		cw.Flush() // so raw.n counts the row
		*has = r.Next()
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return "", err
	}
	if err := zw.Close(); err != nil {
		return "", err
	}
	if err := fw.Flush(); err != nil {
		return "", err
	}
	size, err := tmp.Seek(0, io.SeekCurrent)
	if err != nil {
		return "", err
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	if err := fold.put(ctx, name, tmp, size, csvContentType); err != nil {
		return "", err
	}
	return hexSum(h), nil
}

func hexSum(h hash.Hash) string { return hex.EncodeToString(h.Sum(nil)) }

// removeStaleParts deletes result_N files beyond count left by an earlier delivery. It is
// best effort: a destination that refuses listing or deleting keeps them, and Validate
// then names them as extra.
func removeStaleParts(ctx context.Context, fold folder, count int) {
	names, err := fold.list(ctx)
	if err != nil {
		return
	}
	sort.Strings(names)
	for _, name := range names {
		if n := resultNumber(name); n > count {
			_ = fold.remove(ctx, name) // best effort, see above
		}
	}
}

// deliveryStatusOf maps a delivery error to a DeliveryStatus.
func deliveryStatusOf(ctx context.Context, err error, signing bool) DeliveryStatus {
	switch {
	case errors.Is(ctx.Err(), context.Canceled) || errors.Is(err, context.Canceled):
		return DeliveryCancelled
	case errors.Is(err, os.ErrNotExist):
		return DeliveryResourceNotFound
	case errors.Is(err, os.ErrPermission):
		if signing {
			return DeliveryAccessDeniedSigningFile
		}
		return DeliveryAccessDenied
	case signing:
		return DeliveryFailedSigningFile
	}
	return DeliveryFailed
}
