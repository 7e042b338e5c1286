package results

import (
	"context"
	"crypto/rsa"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// FileState is what Validate found for one file.
type FileState string

// The file states.
const (
	FileOK       FileState = "OK"       // present, hash as signed
	FileTampered FileState = "TAMPERED" // present, hash differs from the sign file's
	FileMissing  FileState = "MISSING"  // listed in the sign file (or, for result_sign.json, expected) but absent
	FileExtra    FileState = "EXTRA"    // a result_N.csv.gz in the folder the sign file does not list
	FileInvalid  FileState = "INVALID"  // result_sign.json that does not parse (see Problems)
)

// FileCheck is one file's finding.
type FileCheck struct {
	Name         string    `json:"Name"`
	State        FileState `json:"State"`
	ExpectedHash string    `json:"ExpectedHash,omitempty"` // from the sign file
	ActualHash   string    `json:"ActualHash,omitempty"`   // of the bytes found
}

// Report is the outcome of Validate.
type Report struct {
	Location          string      `json:"Location"`
	SignFile          FileState   `json:"SignFile"` // OK, MISSING or INVALID
	QueryCompleteTime string      `json:"QueryCompleteTime,omitempty"`
	Fingerprint       string      `json:"Fingerprint,omitempty"`    // publicKeyFingerprint in the sign file
	KeyFingerprint    string      `json:"KeyFingerprint,omitempty"` // of the key checked with
	SignatureValid    bool        `json:"SignatureValid"`
	Files             []FileCheck `json:"Files"`    // listed files in order, then extra ones
	Problems          []string    `json:"Problems"` // one sentence per problem; empty when valid
}

// OK reports whether the folder is exactly what was signed.
func (r *Report) OK() bool { return len(r.Problems) == 0 }

// Names returns the names of the files in state st.
func (r *Report) Names(st FileState) []string {
	var out []string
	for _, f := range r.Files {
		if f.State == st {
			out = append(out, f.Name)
		}
	}
	return out
}

func (r *Report) problemf(format string, args ...any) {
	r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
}

// Validate checks a delivered folder — uri names the <queryId> folder, s3://… or file://…
// (or a plain path) — against its result_sign.json and pub (Store.PublicKey, or
// LoadPublicKey of a PEM file): every listed file exists and its SHA-256 matches; the
// listed files are result_1 … result_k in order; no other result_N.csv.gz is in the folder;
// the key's fingerprint is the sign file's; the signature verifies. The Report names every
// tampered, missing and extra file. When anything is wrong the error wraps
// ErrValidationFailed and the Report says what; other errors (a bad uri, an unreachable
// bucket) come without a Report.
func Validate(ctx context.Context, uri string, pub *rsa.PublicKey) (*Report, error) {
	if pub == nil {
		return nil, fmt.Errorf("validate: %w: no public key", ErrInvalidParameter)
	}
	loc, err := parseLocation(uri)
	if err != nil {
		return nil, fmt.Errorf("validate: %w", err)
	}
	fold, err := openFolder(ctx, loc, nil)
	if err != nil {
		return nil, fmt.Errorf("validate %s: %w", loc, err)
	}
	rep := &Report{Location: loc.String(), KeyFingerprint: Fingerprint(pub), Files: []FileCheck{}, Problems: []string{}}
	present, err := fold.list(ctx)
	if err != nil {
		return nil, fmt.Errorf("validate %s: %w", loc, err)
	}
	sf, err := readSignFile(ctx, fold, rep)
	if err != nil {
		return nil, fmt.Errorf("validate %s: %w", loc, err)
	}
	listed := map[string]bool{}
	if sf != nil {
		rep.QueryCompleteTime, rep.Fingerprint = sf.QueryCompleteTime, sf.PublicKeyFingerprint
		for i, f := range sf.Files {
			listed[f.FileName] = true
			if n := resultNumber(f.FileName); n != i+1 {
				rep.problemf("result_sign.json lists %s in place %d: the files are not result_1 … result_%d in order", f.FileName, i+1, len(sf.Files))
			}
			fc, err := checkFile(ctx, fold, f)
			if err != nil {
				return nil, fmt.Errorf("validate %s: %w", loc, err)
			}
			rep.Files = append(rep.Files, fc)
			switch fc.State {
			case FileMissing:
				rep.problemf("%s is missing", f.FileName)
			case FileTampered:
				rep.problemf("%s was modified: its SHA-256 is %s, the sign file says %s", f.FileName, fc.ActualHash, fc.ExpectedHash)
			}
		}
		rep.checkSignature(pub, sf)
	}
	// Extra files are judged against a sign file; without one, its absence is the finding.
	slices.SortFunc(present, func(a, b string) int { return resultNumber(a) - resultNumber(b) })
	for _, name := range present {
		if sf != nil && resultNumber(name) > 0 && !listed[name] {
			rep.Files = append(rep.Files, FileCheck{Name: name, State: FileExtra})
			rep.problemf("%s is not listed in result_sign.json", name)
		}
	}
	if !rep.OK() {
		return rep, fmt.Errorf("validate %s: %w: %s", loc, ErrValidationFailed, strings.Join(rep.Problems, "; "))
	}
	return rep, nil
}

// readSignFile reads and parses result_sign.json, noting in rep when it is missing or
// invalid (then it returns nil, nil).
func readSignFile(ctx context.Context, fold folder, rep *Report) (*SignFile, error) {
	rc, err := fold.get(ctx, signFileName)
	if errors.Is(err, os.ErrNotExist) {
		rep.SignFile = FileMissing
		rep.problemf("result_sign.json is missing")
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, 16<<20))
	if err != nil {
		return nil, err
	}
	sf, err := ParseSignFile(data)
	if err != nil {
		rep.SignFile = FileInvalid
		rep.problemf("result_sign.json: %v", err)
		return nil, nil
	}
	rep.SignFile = FileOK
	return sf, nil
}

// checkFile hashes one listed file.
func checkFile(ctx context.Context, fold folder, f SignedFile) (FileCheck, error) {
	fc := FileCheck{Name: f.FileName, ExpectedHash: f.FileHashValue}
	rc, err := fold.get(ctx, f.FileName)
	if errors.Is(err, os.ErrNotExist) {
		fc.State = FileMissing
		return fc, nil
	}
	if err != nil {
		return fc, err
	}
	defer rc.Close()
	h := sha256.New()
	if _, err := io.Copy(h, rc); err != nil {
		return fc, fmt.Errorf("read %s: %w", f.FileName, err)
	}
	fc.ActualHash = hexSum(h)
	fc.State = FileOK
	if fc.ActualHash != fc.ExpectedHash {
		fc.State = FileTampered
	}
	return fc, nil
}

// checkSignature verifies the sign file's signature with pub.
func (r *Report) checkSignature(pub *rsa.PublicKey, sf *SignFile) {
	if sf.PublicKeyFingerprint != r.KeyFingerprint {
		r.problemf("result_sign.json was signed with another key (fingerprint %s; the key given has %s)", sf.PublicKeyFingerprint, r.KeyFingerprint)
		return
	}
	if err := verifySignature(pub, sf); err != nil {
		r.problemf("the signature in result_sign.json does not verify: the file list or hashes were changed after signing")
		return
	}
	r.SignatureValid = true
}
