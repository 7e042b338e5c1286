package results

import (
	"crypto/md5"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func sampleSignFile() *SignFile {
	return &SignFile{
		Version: "1.0", Region: "us-east-1",
		Files: []SignedFile{
			{FileHashValue: strings.Repeat("ab", 32), FileName: "result_1.csv.gz"},
			{FileHashValue: strings.Repeat("01", 32), FileName: "result_2.csv.gz"},
		},
		HashAlgorithm: "SHA-256", SignatureAlgorithm: "SHA256withRSA",
		QueryCompleteTime: "2022-05-10T22:06:30Z",
	}
}

func TestSigningString(t *testing.T) {
	sf := sampleSignFile()
	want := strings.Repeat("ab", 32) + " " + strings.Repeat("01", 32)
	if got := sf.SigningString(); got != want {
		t.Errorf("signing string %q, want %q", got, want)
	}
}

func TestSignVerify(t *testing.T) {
	s, _ := newTestStore(t)
	sf := sampleSignFile()
	if err := signFile(s.key, sf); err != nil {
		t.Fatal(err)
	}
	if len(sf.HashSignature) != 512 { // 2048-bit RSA, hex
		t.Errorf("signature length %d", len(sf.HashSignature))
	}
	sum := md5.Sum(x509.MarshalPKCS1PublicKey(s.PublicKey()))
	if sf.PublicKeyFingerprint != hex.EncodeToString(sum[:]) {
		t.Errorf("fingerprint %s is not the MD5 of the PKCS#1 DER", sf.PublicKeyFingerprint)
	}
	if err := verifySignature(s.PublicKey(), sf); err != nil {
		t.Fatal(err)
	}
	// Any change to the hash list breaks it.
	sf.Files[0], sf.Files[1] = sf.Files[1], sf.Files[0]
	if verifySignature(s.PublicKey(), sf) == nil {
		t.Error("reordered files still verify")
	}
	// The signature is over the data signing string, as openssl checks it.
	sf = sampleSignFile()
	signFile(s.key, sf)
	data, _ := json.Marshal(sf)
	back, err := ParseSignFile(data)
	if err != nil || verifySignature(s.PublicKey(), back) != nil {
		t.Errorf("round trip: %v", err)
	}
}

func TestKeyFiles(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir) // generates a key
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, privateKeyFile))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("private key mode %v, want 0600", fi.Mode().Perm())
	}
	if s.PublicKey().N.BitLen() != 2048 {
		t.Errorf("key of %d bits", s.PublicKey().N.BitLen())
	}
	pub, err := LoadPublicKey(s.PublicKeyPath())
	if err != nil || !pub.Equal(s.PublicKey()) {
		t.Fatalf("public key file: %v", err)
	}
	// Reopening keeps the key; a lost public key file is rewritten.
	os.Remove(s.PublicKeyPath())
	s2, err := Open(dir)
	if err != nil || !s2.PublicKey().Equal(s.PublicKey()) {
		t.Fatalf("reopened store has another key (%v)", err)
	}
	if pub, err := LoadPublicKey(s.PublicKeyPath()); err != nil || !pub.Equal(s.PublicKey()) {
		t.Errorf("public key file not rewritten: %v", err)
	}
	// A damaged key is an error, not silently replaced.
	os.WriteFile(filepath.Join(dir, privateKeyFile), []byte("garbage"), 0o600)
	if _, err := Open(dir); !errors.Is(err, ErrCorrupt) {
		t.Errorf("damaged key: %v", err)
	}
}

func TestLoadPublicKeyForms(t *testing.T) {
	k, _ := rsa.GenerateKey(rand.Reader, 1024)
	pkix, _ := x509.MarshalPKIXPublicKey(&k.PublicKey)
	pkcs8, _ := x509.MarshalPKCS8PrivateKey(k)
	dir := t.TempDir()
	for typ, der := range map[string][]byte{
		"PUBLIC KEY": pkix, "RSA PUBLIC KEY": x509.MarshalPKCS1PublicKey(&k.PublicKey),
		"PRIVATE KEY": pkcs8, "RSA PRIVATE KEY": x509.MarshalPKCS1PrivateKey(k),
	} {
		path := filepath.Join(dir, strings.ReplaceAll(typ, " ", "_"))
		os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600)
		pub, err := LoadPublicKey(path)
		if err != nil || !pub.Equal(&k.PublicKey) {
			t.Errorf("%s: %v", typ, err)
		}
	}
	for _, bad := range []string{"", "no pem", string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte{1}})),
		string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: []byte{1, 2}}))} {
		if _, err := ParsePublicKeyPEM([]byte(bad)); !errors.Is(err, ErrInvalidParameter) {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if _, err := LoadPublicKey(filepath.Join(dir, "none")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestParseSignFile(t *testing.T) {
	good := func() map[string]any {
		return map[string]any{
			"version": "1.0", "region": "us-east-1",
			"files":         []any{map[string]any{"fileHashValue": strings.Repeat("de", 32), "fileName": "result_1.csv.gz"}},
			"hashAlgorithm": "SHA-256", "signatureAlgorithm": "SHA256withRSA", "queryCompleteTime": "2022-05-10T22:06:30Z",
			"hashSignature": "7664652aaf", "publicKeyFingerprint": "67b9fa73676d86966b449dd677850753",
		}
	}
	data, _ := json.Marshal(good())
	if _, err := ParseSignFile(data); err != nil {
		t.Fatalf("the documented sample: %v", err)
	}
	for name, change := range map[string]func(m map[string]any){
		"no version":      func(m map[string]any) { delete(m, "version") },
		"MD5":             func(m map[string]any) { m["hashAlgorithm"] = "MD5" },
		"other signature": func(m map[string]any) { m["signatureAlgorithm"] = "SHA1withRSA" },
		"no files":        func(m map[string]any) { m["files"] = []any{} },
		"bad name": func(m map[string]any) {
			m["files"] = []any{map[string]any{"fileHashValue": strings.Repeat("de", 32), "fileName": "../result_1.csv.gz"}}
		},
		"result_0": func(m map[string]any) {
			m["files"] = []any{map[string]any{"fileHashValue": strings.Repeat("de", 32), "fileName": "result_0.csv.gz"}}
		},
		"twice": func(m map[string]any) {
			f := map[string]any{"fileHashValue": strings.Repeat("de", 32), "fileName": "result_1.csv.gz"}
			m["files"] = []any{f, f}
		},
		"short hash": func(m map[string]any) {
			m["files"] = []any{map[string]any{"fileHashValue": "dead", "fileName": "result_1.csv.gz"}}
		},
		"upper-case hash": func(m map[string]any) {
			m["files"] = []any{map[string]any{"fileHashValue": strings.Repeat("DE", 32), "fileName": "result_1.csv.gz"}}
		},
		"odd signature":   func(m map[string]any) { m["hashSignature"] = "abc" },
		"bad fingerprint": func(m map[string]any) { m["publicKeyFingerprint"] = "xyz" },
		"bad time":        func(m map[string]any) { m["queryCompleteTime"] = "yesterday" },
		"files object":    func(m map[string]any) { m["files"] = map[string]any{} },
	} {
		m := good()
		change(m)
		data, _ := json.Marshal(m)
		if _, err := ParseSignFile(data); !errors.Is(err, ErrInvalidSignFile) {
			t.Errorf("%s: %v, want ErrInvalidSignFile", name, err)
		}
	}
	if _, err := ParseSignFile([]byte("{")); !errors.Is(err, ErrInvalidSignFile) {
		t.Errorf("truncated JSON: %v", err)
	}
}

func FuzzParseSignFile(f *testing.F) {
	sf := sampleSignFile()
	sf.HashSignature, sf.PublicKeyFingerprint = "00ff", strings.Repeat("a", 32)
	data, _ := json.Marshal(sf)
	f.Add(data)
	f.Add([]byte(`{"version":"1.0","files":[{"fileName":"result_1.csv.gz","fileHashValue":"x"}]}`))
	f.Add([]byte(`{"files":null}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		sf, err := ParseSignFile(data)
		if err != nil {
			if !errors.Is(err, ErrInvalidSignFile) {
				t.Fatalf("error %v does not wrap ErrInvalidSignFile", err)
			}
			return
		}
		if len(sf.Files) == 0 || sf.HashAlgorithm != hashAlgorithm {
			t.Fatalf("accepted %+v", sf)
		}
		for _, f := range sf.Files {
			if resultNumber(f.FileName) == 0 || strings.ContainsAny(f.FileName, `/\`) {
				t.Fatalf("accepted file name %q", f.FileName)
			}
		}
		// What parses prints and parses back to the same.
		again, err := json.Marshal(sf)
		if err != nil {
			t.Fatal(err)
		}
		sf2, err := ParseSignFile(again)
		if err != nil || sf2.SigningString() != sf.SigningString() {
			t.Fatalf("re-parse: %v", err)
		}
	})
}
