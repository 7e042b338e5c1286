package results

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// readCSVGz parses a delivered result file.
func readCSVGz(t *testing.T, data []byte) [][]string {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(zr).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// lakeFolder is the delivery folder Lake's layout gives for rec under base.
func lakeFolder(base string, rec *Record) string {
	c := rec.CompletionTime.UTC()
	return fmt.Sprintf("%s/AWSLogs/%s/CloudTrail-Lake/Query/%04d/%02d/%02d/%s", base, DefaultAccount, c.Year(), c.Month(), c.Day(), rec.QueryID)
}

func TestDeliverToFolder(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	cols, rows := numberedRows(5)
	rows[2][1] = "comma, \"quote\"\nand newline"
	rec := runQuery(t, s, cols, rows)
	base := filepath.Join(t.TempDir(), "bucket")
	os.MkdirAll(base+"/my/prefix", 0o755)
	uri := "file://" + base + "/my/prefix"

	got, err := s.Deliver(ctx, rec.QueryID, uri)
	if err != nil {
		t.Fatal(err)
	}
	folder := lakeFolder(base+"/my/prefix", rec)
	if got.DeliveryStatus != DeliverySuccess || got.DeliveryS3URI != uri || got.DeliveryLocation != "file://"+folder || got.DeliveryErrorMessage != "" {
		t.Errorf("record after delivery: %+v", got)
	}
	if loc, _ := s.DeliveryFolder(got, uri); loc != got.DeliveryLocation {
		t.Errorf("DeliveryFolder %s, delivered to %s", loc, got.DeliveryLocation)
	}
	entries, err := os.ReadDir(folder)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{"result_1.csv.gz", "result_sign.json"}) {
		t.Errorf("files %v", names)
	}
	data, _ := os.ReadFile(filepath.Join(folder, "result_1.csv.gz"))
	want := append([][]string{cols}, textRows(rows)...)
	if got := readCSVGz(t, data); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("CSV:\n got %q\nwant %q", got, want)
	}
	signData, _ := os.ReadFile(filepath.Join(folder, "result_sign.json"))
	sf, err := ParseSignFile(signData)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	if sf.Version != "1.0" || sf.Region != "us-east-1" || len(sf.Files) != 1 || sf.Files[0].FileHashValue != hex.EncodeToString(sum[:]) ||
		sf.QueryCompleteTime != rec.CompletionTime.UTC().Format("2006-01-02T15:04:05Z") || sf.PublicKeyFingerprint != Fingerprint(s.PublicKey()) {
		t.Errorf("sign file %s", signData)
	}
	// The documented key order.
	if keys := jsonKeys(t, signData); !slices.Equal(keys, []string{"version", "region", "files", "hashAlgorithm", "signatureAlgorithm", "queryCompleteTime", "hashSignature", "publicKeyFingerprint"}) {
		t.Errorf("sign file keys %v", keys)
	}

	rep, err := Validate(ctx, got.DeliveryLocation, s.PublicKey())
	if err != nil || !rep.OK() || !rep.SignatureValid || rep.SignFile != FileOK || len(rep.Files) != 1 || rep.Files[0].State != FileOK {
		t.Fatalf("Validate: %+v, %v", rep, err)
	}
	// A plain path works too.
	if _, err := Validate(ctx, folder, s.PublicKey()); err != nil {
		t.Errorf("Validate(plain path): %v", err)
	}
	checkWithOpenSSL(t, s, sf)
	checkLikeAWSCLI(t, s, folder)
}

func jsonKeys(t *testing.T, data []byte) []string {
	dec := json.NewDecoder(bytes.NewReader(data))
	var keys []string
	depth := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return keys
		}
		if err != nil {
			t.Fatal(err)
		}
		switch v := tok.(type) {
		case json.Delim:
			if v == '{' || v == '[' {
				depth++
			} else {
				depth--
			}
		case string:
			if depth == 1 && dec.More() {
				keys = append(keys, v)
				var skip json.RawMessage
				dec.Decode(&skip)
			}
		}
	}
}

// checkWithOpenSSL verifies the signature with openssl, over the documented signing string.
func checkWithOpenSSL(t *testing.T, s *Store, sf *SignFile) {
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Log("no openssl: skipping the openssl cross-check")
		return
	}
	dir := t.TempDir()
	sig, _ := hex.DecodeString(sf.HashSignature)
	os.WriteFile(filepath.Join(dir, "data"), []byte(sf.SigningString()), 0o644)
	os.WriteFile(filepath.Join(dir, "sig"), sig, 0o644)
	out, err := exec.Command("openssl", "dgst", "-sha256", "-verify", s.PublicKeyPath(),
		"-signature", filepath.Join(dir, "sig"), filepath.Join(dir, "data")).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "Verified OK") {
		t.Errorf("openssl: %s %v", out, err)
	}
}

// awsCLICheck does what `aws cloudtrail verify-query-results --local-export-path` (AWS CLI
// v2) does, with the public key as ListPublicKeys would give it (base64 of PKCS#1 DER).
const awsCLICheck = `
import base64, binascii, hashlib, json, os, sys
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.serialization import load_der_public_key
folder, key_b64, fingerprint = sys.argv[1], sys.argv[2], sys.argv[3]
sign = json.load(open(os.path.join(folder, "result_sign.json")))
for f in sign["files"]:
    h = hashlib.sha256(open(os.path.join(folder, f["fileName"]), "rb").read()).hexdigest()
    assert h == f["fileHashValue"], f["fileName"]
assert sign["publicKeyFingerprint"] == fingerprint
key = load_der_public_key(base64.b64decode(key_b64))
data = " ".join(f["fileHashValue"] for f in sign["files"]).encode()
key.verify(binascii.unhexlify(sign["hashSignature"]), data, PKCS1v15(), hashes.SHA256())
print("Successfully validated sign and query result files")
`

func checkLikeAWSCLI(t *testing.T, s *Store, folder string) {
	if exec.Command("python3", "-c", "import cryptography").Run() != nil {
		t.Log("no python3 with cryptography: skipping the AWS CLI cross-check")
		return
	}
	der := PublicKeyDER(s.PublicKey())
	fp := md5hex(der)
	out, err := exec.Command("python3", "-c", awsCLICheck, folder, b64(der), fp).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "Successfully validated") {
		t.Errorf("AWS CLI style validation: %s %v", out, err)
	}
}

func TestRedeliveryRemovesStaleParts(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t, WithDeliveryLimits(2, 0))
	cols, rows := numberedRows(5)
	rec := runQuery(t, s, cols, rows)
	base := t.TempDir()
	got, err := s.Deliver(ctx, rec.QueryID, "file://"+base)
	if err != nil {
		t.Fatal(err)
	}
	// The same store folder, opened with larger files: one part now.
	s2, err := Open(s.Dir(), WithDeliveryLimits(100, 0), WithClock(s.now))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s2.Deliver(ctx, rec.QueryID, "file://"+base); err != nil {
		t.Fatal(err)
	}
	folder := strings.TrimPrefix(got.DeliveryLocation, "file://")
	entries, _ := os.ReadDir(folder)
	if len(entries) != 2 {
		t.Errorf("%d files after redelivery, want result_1 and the sign file", len(entries))
	}
	if _, err := Validate(ctx, got.DeliveryLocation, s.PublicKey()); err != nil {
		t.Error(err)
	}
}

func TestDeliverEmptyAndBigRows(t *testing.T) {
	ctx := context.Background()
	// The byte limit splits too, but a file always holds at least one row.
	s, _ := newTestStore(t, WithDeliveryLimits(0, 10))
	rec := runQuery(t, s, []string{"only"}, nil)
	got, err := s.Deliver(ctx, rec.QueryID, "file://"+t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	folder := strings.TrimPrefix(got.DeliveryLocation, "file://")
	data, _ := os.ReadFile(filepath.Join(folder, "result_1.csv.gz"))
	if recs := readCSVGz(t, data); fmt.Sprint(recs) != "[[only]]" {
		t.Errorf("empty result CSV %v", recs)
	}
	rows := [][]any{{strings.Repeat("x", 50)}, {strings.Repeat("y", 50)}}
	rec = runQuery(t, s, []string{"big"}, rows)
	got, err = s.Deliver(ctx, rec.QueryID, "file://"+t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Validate(ctx, got.DeliveryLocation, s.PublicKey())
	if err != nil || len(rep.Files) != 2 {
		t.Errorf("two big rows: %v files, %v", len(rep.Files), err)
	}
}

func TestDeliverFailures(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	cols, rows := numberedRows(3)
	rec := runQuery(t, s, cols, rows)

	// A destination folder that does not exist: RESOURCE_NOT_FOUND, results still there.
	missing := "file://" + filepath.Join(t.TempDir(), "no-such-dir")
	got, err := s.Deliver(ctx, rec.QueryID, missing)
	mustIs(t, err, ErrDelivery)
	var de *DeliveryError
	if !errors.As(err, &de) || de.Status != DeliveryResourceNotFound {
		t.Errorf("error %v", err)
	}
	if got == nil || got.DeliveryStatus != DeliveryResourceNotFound || got.DeliveryErrorMessage == "" || got.DeliveryLocation != "" {
		t.Errorf("record: %+v", got)
	}
	if d, _ := s.Describe(ctx, rec.QueryID); d.DeliveryStatus != DeliveryResourceNotFound || d.QueryStatus != Finished {
		t.Errorf("described: %+v", d)
	}
	if p, err := s.Results(ctx, rec.QueryID, 10, ""); err != nil || len(p.QueryResultRows) != 3 {
		t.Errorf("results after a failed delivery: %v", err)
	}
	// A retry to a good place works.
	if got, err := s.Deliver(ctx, rec.QueryID, "file://"+t.TempDir()); err != nil || got.DeliveryStatus != DeliverySuccess || got.DeliveryErrorMessage != "" {
		t.Errorf("retry: %+v %v", got, err)
	}

	// A file where the folder should be.
	file := filepath.Join(t.TempDir(), "f")
	os.WriteFile(file, nil, 0o644)
	got, err = s.Deliver(ctx, rec.QueryID, "file://"+file)
	if !errors.Is(err, ErrDelivery) || got.DeliveryStatus != DeliveryResourceNotFound {
		t.Errorf("file as folder: %v %v", got.DeliveryStatus, err)
	}

	// A folder we may not write (not meaningful as root).
	if os.Geteuid() != 0 {
		ro := t.TempDir()
		os.Chmod(ro, 0o555)
		defer os.Chmod(ro, 0o755)
		got, err = s.Deliver(ctx, rec.QueryID, "file://"+ro)
		if !errors.Is(err, ErrDelivery) || got.DeliveryStatus != DeliveryAccessDenied {
			t.Errorf("read-only folder: %v %v", got.DeliveryStatus, err)
		}
	}

	// A cancelled context.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = s.Deliver(cctx, rec.QueryID, "file://"+t.TempDir())
	if err == nil {
		t.Error("delivery with a cancelled context succeeded")
	}

	// Errors that do not touch the record.
	for _, uri := range []string{"s3://UPPER/x", "s3://ab", "gs://b/x", "file://host/x", "s3://bucket-1/a/../b"} {
		_, err := s.Deliver(ctx, rec.QueryID, uri)
		mustIs(t, err, ErrInvalidParameter)
	}
	plain := runQuery(t, s, cols, rows)
	_, err = s.Deliver(ctx, plain.QueryID, "")
	mustIs(t, err, ErrInvalidParameter) // no DeliveryS3Uri in the record
	queued, _ := s.Create(ctx, "SELECT 1", "sql", nil, "")
	_, err = s.Deliver(ctx, queued.QueryID, "file://"+t.TempDir())
	mustIs(t, err, ErrInvalidQueryStatus)
	_, err = s.Deliver(ctx, "00000000-0000-4000-8000-000000000000", "file:///tmp")
	mustIs(t, err, ErrQueryNotFound)
}

// Deliver with "" uses the record's DeliveryS3Uri; the date folder is the completion day.
func TestDeliverRecordURIAndAccount(t *testing.T) {
	ctx := context.Background()
	s, clock := newTestStore(t, WithAccount("111122223333", "eu-west-1"))
	base := t.TempDir()
	os.Mkdir(base+"/p", 0o755)
	rec, _ := s.Create(ctx, "SELECT 1", "sql", nil, "file://"+base+"/p/")
	s.SetRunning(ctx, rec.QueryID)
	clock.Advance(16 * time.Hour) // past midnight UTC
	cols, rows := numberedRows(1)
	if _, err := s.Finish(ctx, rec.QueryID, newFakeRows(cols, rows), nil); err != nil {
		t.Fatal(err)
	}
	got, err := s.Deliver(ctx, rec.QueryID, "")
	if err != nil {
		t.Fatal(err)
	}
	want := "file://" + base + "/p/AWSLogs/111122223333/CloudTrail-Lake/Query/2026/03/11/" + rec.QueryID
	if got.DeliveryLocation != want {
		t.Errorf("location %s, want %s", got.DeliveryLocation, want)
	}
	data, _ := os.ReadFile(filepath.Join(strings.TrimPrefix(want, "file://"), signFileName))
	sf, _ := ParseSignFile(data)
	if sf == nil || sf.Region != "eu-west-1" || sf.QueryCompleteTime != "2026-03-11T00:30:00Z" {
		t.Errorf("sign file %s", data)
	}
}
