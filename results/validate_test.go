package results

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestValidateFindsTampering(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t, WithDeliveryLimits(2, 0))
	cols, rows := numberedRows(5)
	rec := runQuery(t, s, cols, rows)
	base := t.TempDir()
	got, err := s.Deliver(ctx, rec.QueryID, "file://"+base)
	if err != nil {
		t.Fatal(err)
	}
	folder := strings.TrimPrefix(got.DeliveryLocation, "file://")
	if folder != lakeFolder(base, rec) {
		t.Errorf("no prefix: folder %s", folder)
	}
	// 5 rows, 2 per file: three files, each with the header.
	var all [][]string
	for n := 1; n <= 3; n++ {
		data, err := os.ReadFile(filepath.Join(folder, fmt.Sprintf("result_%d.csv.gz", n)))
		if err != nil {
			t.Fatal(err)
		}
		recs := readCSVGz(t, data)
		if !slices.Equal(recs[0], cols) {
			t.Errorf("result_%d header %v", n, recs[0])
		}
		all = append(all, recs[1:]...)
	}
	if fmt.Sprint(all) != fmt.Sprint(textRows(rows)) {
		t.Errorf("rows across files: %v", all)
	}
	if _, err := Validate(ctx, got.DeliveryLocation, s.PublicKey()); err != nil {
		t.Fatal(err)
	}

	check := func(name string, wantProblems ...string) *Report {
		t.Helper()
		rep, err := Validate(ctx, got.DeliveryLocation, s.PublicKey())
		if !errors.Is(err, ErrValidationFailed) || rep == nil {
			t.Fatalf("%s: %v, want ErrValidationFailed with a report", name, err)
		}
		text := strings.Join(rep.Problems, "\n")
		for _, p := range wantProblems {
			if !strings.Contains(text, p) {
				t.Errorf("%s: problems %q do not mention %q", name, rep.Problems, p)
			}
		}
		if len(rep.Problems) != len(wantProblems) {
			t.Errorf("%s: problems %q, want %d", name, rep.Problems, len(wantProblems))
		}
		return rep
	}
	p2 := filepath.Join(folder, "result_2.csv.gz")
	orig, _ := os.ReadFile(p2)

	// Tampered: same size, one byte changed.
	bad := slices.Clone(orig)
	bad[len(bad)-1] ^= 1
	os.WriteFile(p2, bad, 0o644)
	rep := check("tampered", "result_2.csv.gz was modified")
	if !slices.Equal(rep.Names(FileTampered), []string{"result_2.csv.gz"}) || !rep.SignatureValid {
		t.Errorf("tampered report: %+v", rep)
	}

	// Missing.
	os.Remove(p2)
	rep = check("missing", "result_2.csv.gz is missing")
	if !slices.Equal(rep.Names(FileMissing), []string{"result_2.csv.gz"}) {
		t.Errorf("missing report: %+v", rep)
	}
	os.WriteFile(p2, orig, 0o644)

	// Extra: a result file nobody signed; other files are ignored.
	os.WriteFile(filepath.Join(folder, "result_4.csv.gz"), orig, 0o644)
	os.WriteFile(filepath.Join(folder, "README.txt"), []byte("notes"), 0o644)
	rep = check("extra", "result_4.csv.gz is not listed")
	if !slices.Equal(rep.Names(FileExtra), []string{"result_4.csv.gz"}) {
		t.Errorf("extra report: %+v", rep)
	}
	os.Remove(filepath.Join(folder, "result_4.csv.gz"))

	// The sign file edited to hide a change: the hash matches, the signature does not.
	signPath := filepath.Join(folder, signFileName)
	signOrig, _ := os.ReadFile(signPath)
	os.WriteFile(p2, bad, 0o644)
	sum := sha256.Sum256(bad)
	forged := strings.Replace(string(signOrig), hashOf(orig), hex.EncodeToString(sum[:]), 1)
	os.WriteFile(signPath, []byte(forged), 0o644)
	rep = check("forged sign file", "signature in result_sign.json does not verify")
	if rep.SignatureValid || len(rep.Names(FileTampered)) != 0 {
		t.Errorf("forged report: %+v", rep)
	}
	// A file dropped from the list and the folder: the gap and the bad signature are named.
	var sf SignFile
	json.Unmarshal(signOrig, &sf)
	sf.Files = slices.Delete(sf.Files, 1, 2)
	os.Remove(p2)
	dropped, _ := json.Marshal(sf)
	os.WriteFile(signPath, dropped, 0o644)
	check("dropped", "result_3.csv.gz in place 2", "does not verify")
	os.WriteFile(p2, orig, 0o644)
	os.WriteFile(signPath, signOrig, 0o644)

	// Another key.
	other, _ := newTestStore(t)
	otherKey := *other.PublicKey()
	otherKey.E = 3
	rep, err = Validate(ctx, got.DeliveryLocation, &otherKey)
	if !errors.Is(err, ErrValidationFailed) || !strings.Contains(strings.Join(rep.Problems, ""), "signed with another key") {
		t.Errorf("other key: %v", err)
	}

	// Sign file missing or broken.
	os.WriteFile(signPath, []byte("{}"), 0o644)
	rep = check("invalid sign file", "result_sign.json: invalid sign file")
	if rep.SignFile != FileInvalid {
		t.Errorf("SignFile %s", rep.SignFile)
	}
	os.Remove(signPath)
	rep = check("no sign file", "result_sign.json is missing")
	if rep.SignFile != FileMissing {
		t.Errorf("SignFile %s", rep.SignFile)
	}
	// A folder that does not exist: the sign file is missing.
	rep, err = Validate(ctx, "file://"+filepath.Join(base, "nowhere"), s.PublicKey())
	if !errors.Is(err, ErrValidationFailed) || rep.SignFile != FileMissing {
		t.Errorf("no folder: %v", err)
	}
	_, err = Validate(ctx, "ftp://x/y", s.PublicKey())
	mustIs(t, err, ErrInvalidParameter)
	_, err = Validate(ctx, got.DeliveryLocation, nil)
	mustIs(t, err, ErrInvalidParameter)
}

func hashOf(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
