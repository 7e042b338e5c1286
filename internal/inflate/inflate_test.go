package inflate

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"testing"

	"github.com/klauspost/compress/gzip"
)

// gz compresses data as one gzip member with the Go writer ctlake's own files come from.
func gz(t testing.TB, data []byte, level int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, level)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// jsonLines is deterministic trail-like text: compressible, but not trivially so.
func jsonLines(size int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 1))
	sources := []string{"s3.amazonaws.com", "ec2.amazonaws.com", "iam.amazonaws.com", "sts.amazonaws.com", "kms.amazonaws.com"}
	names := []string{"GetObject", "PutObject", "DescribeInstances", "AssumeRole", "Decrypt", "ListBuckets"}
	var b bytes.Buffer
	for b.Len() < size {
		fmt.Fprintf(&b, `{"eventVersion":"1.08","eventTime":"2024-05-%02dT%02d:%02d:%02dZ","eventSource":%q,"eventName":%q,"awsRegion":"eu-west-1","sourceIPAddress":"10.%d.%d.%d","userAgent":"aws-sdk-go/1.44.%d","requestID":"%016x","eventID":"%016x%016x","readOnly":%t,"recipientAccountId":"%012d"}`+"\n",
			r.IntN(28)+1, r.IntN(24), r.IntN(60), r.IntN(60), sources[r.IntN(len(sources))], names[r.IntN(len(names))],
			r.IntN(256), r.IntN(256), r.IntN(256), r.IntN(300), r.Uint64(), r.Uint64(), r.Uint64(), r.IntN(2) == 0, r.IntN(1000))
	}
	return b.Bytes()[:size]
}

func needLib(t testing.TB) {
	t.Helper()
	if !Available() {
		t.Skipf("libdeflate not available: %v", loadErr())
	}
}

func newDec(t testing.TB) *Decompressor {
	t.Helper()
	needLib(t)
	d, err := NewDecompressor()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	return d
}

// gunzipSized is how callers use the package: size dst from ISIZE, then decompress.
func gunzipSized(d *Decompressor, src []byte) ([]byte, int, error) {
	size, ok := ISize(src)
	if !ok {
		return nil, 0, fmt.Errorf("no ISIZE")
	}
	dst := make([]byte, size)
	n, used, err := d.Gunzip(dst, src)
	return dst[:n], used, err
}

func TestRoundTrip(t *testing.T) {
	d := newDec(t)
	for _, size := range []int{0, 1, 100, 64 << 10, 150 << 10, 10 << 20} {
		for _, level := range []int{gzip.BestSpeed, gzip.DefaultCompression, gzip.NoCompression} {
			data := jsonLines(size, uint64(size))
			src := gz(t, data, level)
			got, used, err := gunzipSized(d, src)
			if err != nil {
				t.Fatalf("size %d level %d: %v", size, level, err)
			}
			if used != len(src) {
				t.Errorf("size %d level %d: used %d of %d", size, level, used, len(src))
			}
			if !bytes.Equal(got, data) {
				t.Fatalf("size %d level %d: output differs (%d bytes, want %d)", size, level, len(got), len(data))
			}
		}
	}
}

func TestConcatenatedMembers(t *testing.T) {
	d := newDec(t)
	first, second := jsonLines(5000, 1), jsonLines(3000, 2)
	m1 := gz(t, first, gzip.DefaultCompression)
	src := append(append([]byte(nil), m1...), gz(t, second, gzip.DefaultCompression)...)
	dst := make([]byte, len(first)+len(second))
	n, used, err := d.Gunzip(dst, src)
	if err != nil {
		t.Fatal(err)
	}
	if used != len(m1) || used >= len(src) {
		t.Errorf("used %d, want %d (first member) of %d", used, len(m1), len(src))
	}
	if !bytes.Equal(dst[:n], first) {
		t.Errorf("got %d bytes, want the first member's %d", n, len(first))
	}
	// The rest is the second member.
	n, used, err = d.Gunzip(dst, src[used:])
	if err != nil || !bytes.Equal(dst[:n], second) || used != len(src)-len(m1) {
		t.Errorf("second member: n %d used %d err %v", n, used, err)
	}
}

func isDecodeErr(err error) bool {
	return errors.Is(err, ErrBadData) || errors.Is(err, ErrShortOutput)
}

func TestTruncatedAndCorrupt(t *testing.T) {
	d := newDec(t)
	data := jsonLines(20000, 3)
	src := gz(t, data, gzip.DefaultCompression)
	dst := make([]byte, len(data))
	for _, cut := range []int{0, 1, 2, 10, 17, 18, 19, len(src) / 2, len(src) - 9, len(src) - 4, len(src) - 1} {
		if _, _, err := d.Gunzip(dst, src[:cut]); !isDecodeErr(err) {
			t.Errorf("truncated to %d: err %v, want ErrBadData or ErrShortOutput", cut, err)
		}
	}
	if _, _, err := d.Gunzip(dst, nil); !errors.Is(err, ErrBadData) {
		t.Errorf("nil src: %v", err)
	}
	// Flip one byte at a time across header, body and trailer (CRC32 and ISIZE are checked).
	r := rand.New(rand.NewPCG(4, 4))
	positions := []int{0, 1, 2, 3, len(src) - 8, len(src) - 5, len(src) - 1}
	for range 200 {
		positions = append(positions, 10+r.IntN(len(src)-18))
	}
	for _, i := range positions {
		bad := bytes.Clone(src)
		bad[i] ^= byte(1 + r.IntN(255))
		if _, _, err := d.Gunzip(dst, bad); !isDecodeErr(err) {
			// A flipped flag or header byte the format ignores (MTIME, XFL, OS) may still
			// decode; it must then decode to the original data.
			if err != nil || !bytes.Equal(dst, data) {
				t.Errorf("corrupt byte %d: err %v", i, err)
			}
		}
	}
	// Garbage, including a valid-looking header.
	for _, g := range [][]byte{bytes.Repeat([]byte{0}, 100), append([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3}, bytes.Repeat([]byte{0xff}, 50)...)} {
		if _, _, err := d.Gunzip(dst, g); !isDecodeErr(err) {
			t.Errorf("garbage: err %v", err)
		}
	}
}

func TestDstTooSmall(t *testing.T) {
	d := newDec(t)
	data := jsonLines(10000, 5)
	src := gz(t, data, gzip.DefaultCompression)
	for _, size := range []int{0, 1, len(data) - 1} {
		if _, _, err := d.Gunzip(make([]byte, size), src); !errors.Is(err, ErrShortOutput) {
			t.Errorf("dst of %d: err %v, want ErrShortOutput", size, err)
		}
	}
	// A larger dst is fine: only n bytes are written.
	dst := make([]byte, len(data)+100)
	if n, _, err := d.Gunzip(dst, src); err != nil || n != len(data) || !bytes.Equal(dst[:n], data) {
		t.Errorf("larger dst: n %d err %v", n, err)
	}
}

func TestClosedAndZero(t *testing.T) {
	var zero Decompressor
	if _, _, err := zero.Gunzip(nil, nil); !errors.Is(err, ErrUnavailable) {
		t.Errorf("zero value: %v", err)
	}
	zero.Close()
	if !Available() {
		if _, err := NewDecompressor(); !errors.Is(err, ErrUnavailable) {
			t.Errorf("NewDecompressor without libdeflate: %v", err)
		}
	}
	d := newDec(t)
	d.Close()
	d.Close()
	if _, _, err := d.Gunzip(make([]byte, 10), gz(t, []byte("x"), 1)); !errors.Is(err, ErrUnavailable) {
		t.Errorf("closed: %v", err)
	}
}

func TestISize(t *testing.T) {
	for _, size := range []int{0, 7, 70000} {
		got, ok := ISize(gz(t, jsonLines(size, 6), gzip.BestSpeed))
		if !ok || got != size {
			t.Errorf("ISize = %d, %t; want %d", got, ok, size)
		}
	}
	for _, src := range [][]byte{nil, {0x1f, 0x8b}, bytes.Repeat([]byte{0}, 30)} {
		if _, ok := ISize(src); ok {
			t.Errorf("ISize(%x) ok", src)
		}
	}
	// Modulo 2^32.
	src := append([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3}, make([]byte, 10)...)
	copy(src[len(src)-4:], []byte{0xff, 0xff, 0xff, 0xff})
	if got, ok := ISize(src); !ok || got != 1<<32-1 {
		t.Errorf("ISize = %d, %t", got, ok)
	}
}

func TestDisabledValues(t *testing.T) {
	for v, want := range map[string]bool{"": false, "0": false, "1": true, "true": true, "no": false, "false": false} {
		if disabled(v) != want {
			t.Errorf("disabled(%q) = %t", v, !want)
		}
	}
}

// TestEnvDisables runs this test binary again with CTLAKE_NO_LIBDEFLATE=1: the library is
// loaded once per process, so only a fresh process shows the variable's effect.
func TestEnvDisables(t *testing.T) {
	if os.Getenv("INFLATE_TEST_CHILD") == "1" {
		if Available() {
			t.Fatal("Available with CTLAKE_NO_LIBDEFLATE=1")
		}
		if _, err := NewDecompressor(); !errors.Is(err, ErrUnavailable) {
			t.Fatalf("NewDecompressor: %v", err)
		}
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestEnvDisables$", "-test.count=1")
	cmd.Env = append(os.Environ(), "INFLATE_TEST_CHILD=1", envDisable+"=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
}
