package results

import (
	"context"
	"crypto"
	"crypto/md5"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/ctlake/ctlake/internal/atomicfile"
)

// Signing follows CloudTrail's documented scheme for query results ("Custom implementation
// of CloudTrail query results file integrity validation", and the AWS CLI's
// verify-query-results):
//
//   - fileHashValue of each result file is the lower-case hex SHA-256 of the file's bytes
//     exactly as delivered (the .csv.gz, compressed).
//   - The data signing string is the fileHashValue of every file, in the order of the sign
//     file's "files" list (result_1, result_2, …), joined by single spaces, as UTF-8 bytes:
//     "<hash of result_1.csv.gz> <hash of result_2.csv.gz> …" (no trailing space or newline).
//   - hashSignature is the lower-case hex of RSA PKCS#1 v1.5 over SHA-256 of that string
//     (Java's SHA256withRSA), with ctlake's private key.
//   - publicKeyFingerprint is the lower-case hex MD5 of the public key in DER, PKCS#1
//     RSAPublicKey form (x509.MarshalPKCS1PublicKey): the bytes CloudTrail's ListPublicKeys
//     returns as Value, so a server offering ListPublicKeys with this key lets
//     `aws cloudtrail verify-query-results` check ctlake's deliveries.
//
// The key is RSA 2048, made once per query store: signing-key.pem (PKCS#8 "PRIVATE KEY",
// mode 0600) and signing-key.pub.pem (PKIX "PUBLIC KEY", 0644) beside it.
const (
	privateKeyFile      = "signing-key.pem"
	publicKeyFile       = "signing-key.pub.pem"
	signFileName        = "result_sign.json"
	signVersion         = "1.0"
	hashAlgorithm       = "SHA-256"
	signatureAlgorithm  = "SHA256withRSA"
	queryCompleteLayout = "2006-01-02T15:04:05Z"
	keyBits             = 2048
)

// SignFile is result_sign.json.
type SignFile struct {
	Version              string       `json:"version"`
	Region               string       `json:"region"`
	Files                []SignedFile `json:"files"`
	HashAlgorithm        string       `json:"hashAlgorithm"`
	SignatureAlgorithm   string       `json:"signatureAlgorithm"`
	QueryCompleteTime    string       `json:"queryCompleteTime"`
	HashSignature        string       `json:"hashSignature"`
	PublicKeyFingerprint string       `json:"publicKeyFingerprint"`
}

// SignedFile is one entry of a sign file's files list.
type SignedFile struct {
	FileHashValue string `json:"fileHashValue"`
	FileName      string `json:"fileName"`
}

// SigningString returns the data signing string of a sign file (see the scheme above).
func (sf *SignFile) SigningString() string {
	hashes := make([]string, len(sf.Files))
	for i, f := range sf.Files {
		hashes[i] = f.FileHashValue
	}
	return strings.Join(hashes, " ")
}

var (
	resultNameRe = regexp.MustCompile(`^result_([1-9][0-9]{0,8})\.csv\.gz$`)
	sha256HexRe  = regexp.MustCompile(`^[0-9a-f]{64}$`)
	md5HexRe     = regexp.MustCompile(`^[0-9a-f]{32}$`)
	hexRe        = regexp.MustCompile(`^(?:[0-9a-f]{2})+$`)
)

// resultNumber returns N of result_N.csv.gz, or 0.
func resultNumber(name string) int {
	m := resultNameRe.FindStringSubmatch(name)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// ParseSignFile decodes and checks a result_sign.json: every field present, the algorithms
// SHA-256 and SHA256withRSA, at least one file, each named result_N.csv.gz once with a
// 64-digit hex hash, a hex signature and a 32-digit hex fingerprint. Errors wrap
// ErrInvalidSignFile. (That the files are result_1 … result_k in order is the validator's
// finding, not a parse error, so the report can name the gap.)
func ParseSignFile(data []byte) (*SignFile, error) {
	var sf SignFile
	if err := json.Unmarshal(data, &sf); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidSignFile, err)
	}
	var problems []string
	if sf.Version == "" {
		problems = append(problems, "no version")
	}
	if sf.HashAlgorithm != hashAlgorithm {
		problems = append(problems, fmt.Sprintf("hashAlgorithm %q, want %q", sf.HashAlgorithm, hashAlgorithm))
	}
	if sf.SignatureAlgorithm != signatureAlgorithm {
		problems = append(problems, fmt.Sprintf("signatureAlgorithm %q, want %q", sf.SignatureAlgorithm, signatureAlgorithm))
	}
	if len(sf.Files) == 0 {
		problems = append(problems, "no files")
	}
	seen := map[string]bool{}
	for i, f := range sf.Files {
		if resultNumber(f.FileName) == 0 {
			problems = append(problems, fmt.Sprintf("files[%d]: name %q is not result_N.csv.gz", i, f.FileName))
		} else if seen[f.FileName] {
			problems = append(problems, fmt.Sprintf("files[%d]: %s listed twice", i, f.FileName))
		}
		seen[f.FileName] = true
		if !sha256HexRe.MatchString(f.FileHashValue) {
			problems = append(problems, fmt.Sprintf("files[%d]: fileHashValue is not a hex SHA-256", i))
		}
	}
	if !hexRe.MatchString(sf.HashSignature) {
		problems = append(problems, "hashSignature is not hex")
	}
	if !md5HexRe.MatchString(sf.PublicKeyFingerprint) {
		problems = append(problems, "publicKeyFingerprint is not a hex MD5")
	}
	if _, err := time.Parse(queryCompleteLayout, sf.QueryCompleteTime); err != nil {
		problems = append(problems, fmt.Sprintf("queryCompleteTime %q is not yyyy-mm-ddThh:mm:ssZ", sf.QueryCompleteTime))
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%w: %s", ErrInvalidSignFile, strings.Join(problems, "; "))
	}
	return &sf, nil
}

// signFile fills in the signature and fingerprint of sf with key.
func signFile(key *rsa.PrivateKey, sf *SignFile) error {
	digest := sha256.Sum256([]byte(sf.SigningString()))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, digest[:])
	if err != nil {
		return fmt.Errorf("sign: %w", err)
	}
	sf.HashSignature = hex.EncodeToString(sig)
	sf.PublicKeyFingerprint = Fingerprint(&key.PublicKey)
	return nil
}

// verifySignature checks sf's hashSignature with pub.
func verifySignature(pub *rsa.PublicKey, sf *SignFile) error {
	sig, err := hex.DecodeString(sf.HashSignature)
	if err != nil {
		return fmt.Errorf("%w: hashSignature: %v", ErrInvalidSignFile, err)
	}
	digest := sha256.Sum256([]byte(sf.SigningString()))
	return rsa.VerifyPKCS1v15(pub, crypto.SHA256, digest[:], sig)
}

// Fingerprint is the publicKeyFingerprint of a key: hex MD5 of its PKCS#1 DER.
func Fingerprint(pub *rsa.PublicKey) string {
	sum := md5.Sum(x509.MarshalPKCS1PublicKey(pub))
	return hex.EncodeToString(sum[:])
}

// PublicKeyDER is the key as ListPublicKeys' Value carries it: DER, PKCS#1 RSAPublicKey.
func PublicKeyDER(pub *rsa.PublicKey) []byte { return x509.MarshalPKCS1PublicKey(pub) }

// LoadPublicKey reads an RSA public key from a PEM file: "PUBLIC KEY" (PKIX), "RSA PUBLIC
// KEY" (PKCS#1), or a private key file ("PRIVATE KEY" / "RSA PRIVATE KEY"), whose public
// half is used.
func LoadPublicKey(path string) (*rsa.PublicKey, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("public key: %w", err)
	}
	pub, err := ParsePublicKeyPEM(data)
	if err != nil {
		return nil, fmt.Errorf("public key %s: %w", path, err)
	}
	return pub, nil
}

// ParsePublicKeyPEM decodes the first PEM block of data as LoadPublicKey does.
func ParsePublicKeyPEM(data []byte) (*rsa.PublicKey, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, fmt.Errorf("%w: no PEM block", ErrInvalidParameter)
	}
	var key any
	var err error
	switch block.Type {
	case "PUBLIC KEY":
		key, err = x509.ParsePKIXPublicKey(block.Bytes)
	case "RSA PUBLIC KEY":
		key, err = x509.ParsePKCS1PublicKey(block.Bytes)
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	default:
		return nil, fmt.Errorf("%w: PEM block %q is not a key", ErrInvalidParameter, block.Type)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidParameter, err)
	}
	switch k := key.(type) {
	case *rsa.PublicKey:
		return k, nil
	case *rsa.PrivateKey:
		return &k.PublicKey, nil
	}
	return nil, fmt.Errorf("%w: not an RSA key", ErrInvalidParameter)
}

// loadOrCreateKey reads the store's private key, creating the pair under a lock when there
// is none, and rewrites a missing public key file.
func loadOrCreateKey(ctx context.Context, s *Store) (*rsa.PrivateKey, error) {
	privPath := filepath.Join(s.dir, privateKeyFile)
	key, err := readPrivateKey(privPath)
	if errors.Is(err, os.ErrNotExist) {
		err = s.withLock(ctx, "key.lock", func() error {
			if key, err = readPrivateKey(privPath); !errors.Is(err, os.ErrNotExist) {
				return err // another process made it first, or it is unreadable
			}
			if key, err = rsa.GenerateKey(rand.Reader, keyBits); err != nil {
				return err
			}
			der, err := x509.MarshalPKCS8PrivateKey(key)
			if err != nil {
				return err
			}
			return atomicfile.WriteFile(privPath, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600)
		})
	}
	if err != nil {
		return nil, fmt.Errorf("signing key: %w", err)
	}
	pubPath := filepath.Join(s.dir, publicKeyFile)
	if pub, err := LoadPublicKey(pubPath); err != nil || !pub.Equal(&key.PublicKey) {
		der, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
		if err != nil {
			return nil, fmt.Errorf("signing key: %w", err)
		}
		if err := atomicfile.WriteFile(pubPath, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), 0o644); err != nil {
			return nil, fmt.Errorf("signing key: %w", err)
		}
	}
	return key, nil
}

func readPrivateKey(path string) (*rsa.PrivateKey, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, fmt.Errorf("%s: %w: no PEM block", path, ErrCorrupt)
	}
	var key any
	switch block.Type {
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	default:
		return nil, fmt.Errorf("%s: %w: PEM block %q", path, ErrCorrupt, block.Type)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %v", path, ErrCorrupt, err)
	}
	rk, ok := key.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("%s: %w: not an RSA key", path, ErrCorrupt)
	}
	return rk, nil
}
