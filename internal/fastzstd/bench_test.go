package fastzstd

import (
	"testing"

	"github.com/apache/arrow-go/v18/parquet/compress"
)

// BenchmarkEncodeLevel1: libzstd against arrow-go's own codec at level 1 (ctlake's level) on
// one 2 MB page of JSON records (ctlake's page size), into a reused dst as arrow-go's page
// writer does. MB/s are of uncompressed bytes; "bytes/page" is the compressed size.
func BenchmarkEncodeLevel1(b *testing.B) {
	src := pageData(2<<20, 42)
	for _, bc := range []struct {
		name  string
		codec func(testing.TB) compress.Codec
	}{
		{"libzstd", func(tb testing.TB) compress.Codec { return wrap(original) }},
		{"arrow-go", func(testing.TB) compress.Codec { return original }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			c := bc.codec(b)
			dst := make([]byte, 0, c.CompressBound(int64(len(src))))
			var out []byte
			b.ReportAllocs()
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				out = c.EncodeLevel(dst, src, 1)
			}
			b.ReportMetric(float64(len(out)), "bytes/page")
		})
	}
}
