package inflate

import (
	"bytes"
	"io"
	"testing"

	"github.com/klauspost/compress/gzip"
)

// BenchmarkGunzip: libdeflate against the streaming Go reader on ~150 KB of trail-like JSON
// (about one CloudTrail file), both into a reused buffer. MB/s are of uncompressed bytes.
func BenchmarkGunzip(b *testing.B) {
	data := jsonLines(150<<10, 10)
	src := gz(b, data, gzip.DefaultCompression)
	b.Logf("%d bytes -> %d gzip", len(data), len(src))
	dst := make([]byte, len(data))

	b.Run("libdeflate", func(b *testing.B) {
		d := newDec(b)
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if n, _, err := d.Gunzip(dst, src); err != nil || n != len(data) {
				b.Fatal(n, err)
			}
		}
	})
	b.Run("klauspost", func(b *testing.B) {
		br := bytes.NewReader(src)
		zr, err := gzip.NewReader(br)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			br.Reset(src)
			if err := zr.Reset(br); err != nil {
				b.Fatal(err)
			}
			if _, err := io.ReadFull(zr, dst); err != nil {
				b.Fatal(err)
			}
		}
	})
}
