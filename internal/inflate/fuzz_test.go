package inflate

import (
	"bytes"
	"io"
	"testing"

	"github.com/klauspost/compress/gzip"
)

// FuzzGunzip: no input crashes Gunzip, and whatever the Go reader decodes as exactly one
// member, Gunzip decodes to the same bytes.
func FuzzGunzip(f *testing.F) {
	f.Add(gz(f, nil, gzip.DefaultCompression))
	f.Add(gz(f, []byte("hello, hello, hello"), gzip.BestSpeed))
	f.Add(gz(f, jsonLines(3000, 7), gzip.DefaultCompression))
	f.Add(gz(f, jsonLines(500, 8), gzip.NoCompression))
	f.Add(gz(f, jsonLines(2000, 9), gzip.HuffmanOnly))
	var named bytes.Buffer
	zw := gzip.NewWriter(&named)
	zw.Name, zw.Comment, zw.Extra = "a.json", "c", []byte{1, 2, 3, 4}
	zw.Write([]byte("named member"))
	zw.Close()
	f.Add(named.Bytes())
	f.Add([]byte{0x1f, 0x8b})

	const maxOut = 1 << 20
	f.Fuzz(func(t *testing.T, src []byte) {
		d := newDec(t)
		size, ok := ISize(src)
		size = min(size, maxOut)
		n, used, err := d.Gunzip(make([]byte, size), src)
		if err == nil && (n > size || used > len(src) || used < minMember) {
			t.Fatalf("n %d used %d of %d", n, used, len(src))
		}

		// The reference: the streaming Go reader, on the first member only.
		br := bytes.NewReader(src)
		zr, gerr := gzip.NewReader(br)
		if gerr != nil {
			return
		}
		zr.Multistream(false)
		want, gerr := io.ReadAll(io.LimitReader(zr, maxOut+1))
		if gerr != nil || br.Len() != 0 || len(want) > maxOut || !ok {
			return // not exactly one valid member of a testable size
		}
		dst := make([]byte, size)
		n, used, err = d.Gunzip(dst, src)
		if err != nil {
			t.Fatalf("Go reader decodes %d bytes, Gunzip: %v", len(want), err)
		}
		if used != len(src) || !bytes.Equal(dst[:n], want) {
			t.Fatalf("Gunzip: %d bytes using %d of %d, Go reader: %d bytes", n, used, len(src), len(want))
		}
	})
}
