package fastzstd

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/klauspost/compress/zstd"
)

// original is arrow-go's own zstd codec, captured before any test registers ours.
var original, _ = compress.GetCodec(compress.Codecs.Zstd)

// pageData is deterministic Parquet-page-like bytes: JSON records, as in ctlake's eventJson
// column, compressible but not trivially so.
func pageData(size int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 2))
	names := []string{"GetObject", "PutObject", "DescribeInstances", "AssumeRole", "Decrypt"}
	var b bytes.Buffer
	for b.Len() < size {
		fmt.Fprintf(&b, `{"eventTime":"2024-05-%02dT%02d:%02d:%02dZ","eventName":%q,"sourceIPAddress":"10.%d.%d.%d","requestID":"%016x","readOnly":%t}`,
			r.IntN(28)+1, r.IntN(24), r.IntN(60), r.IntN(60), names[r.IntN(len(names))],
			r.IntN(256), r.IntN(256), r.IntN(256), r.Uint64(), r.IntN(2) == 0)
	}
	return b.Bytes()[:size]
}

func TestRoundTrip(t *testing.T) {
	c := wrap(original)
	dec, err := zstd.NewReader(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer dec.Close()
	for _, size := range []int{0, 1, 1000, 128 << 10, 5 << 20} {
		src := pageData(size, uint64(size))
		for _, level := range []int{1, 3, compress.DefaultCompressionLevel} {
			var enc []byte
			if level == compress.DefaultCompressionLevel {
				enc = c.Encode(nil, src)
			} else {
				enc = c.EncodeLevel(nil, src, level)
			}
			if len(enc) > int(c.CompressBound(int64(size))) {
				t.Errorf("size %d level %d: %d bytes exceeds the bound", size, level, len(enc))
			}
			// The wrapped Go decoder, through arrow-go's error-reporting path.
			got, err := compress.Decode(c, make([]byte, 0, size), enc)
			if err != nil || !bytes.Equal(got, src) {
				t.Fatalf("size %d level %d: Decode: %v (%d bytes)", size, level, err, len(got))
			}
			if got := c.Decode(nil, enc); !bytes.Equal(got, src) {
				t.Fatalf("size %d level %d: Decode differs", size, level)
			}
			// A standalone zstd decoder: the output is an ordinary zstd frame.
			got, err = dec.DecodeAll(enc, nil)
			if err != nil || !bytes.Equal(got, src) {
				t.Fatalf("size %d level %d: zstd.DecodeAll: %v", size, level, err)
			}
		}
	}
}

func TestDst(t *testing.T) {
	c := wrap(original)
	src := pageData(50000, 1)
	// Capacity for the bound: the result is a slice of dst, as arrow-go's page writer expects.
	dst := make([]byte, 0, c.CompressBound(int64(len(src))))
	out := c.EncodeLevel(dst, src, 1)
	if &out[:1][0] != &dst[:1][0] {
		t.Error("did not compress into dst")
	}
	// Too small: a new slice, dst untouched.
	small := make([]byte, 3, 10)
	out = c.EncodeLevel(small, src, 1)
	if &out[:1][0] == &small[:1][0] || !bytes.Equal(small, []byte{0, 0, 0}) {
		t.Error("wrote into a too small dst")
	}
	if got := c.Decode(nil, out); !bytes.Equal(got, src) {
		t.Error("round trip through a new slice failed")
	}
}

func TestLevels(t *testing.T) {
	for in, want := range map[int]int{-1: 3, 0: 1, -5: 1, 1: 1, 3: 3, 9: 9, 22: 22, 30: 30} {
		if got := libLevel(in); got != want {
			t.Errorf("libLevel(%d) = %d, want %d", in, got, want)
		}
	}
	// Level 1 is libzstd's fastest standard level; a higher one compresses trail JSON better.
	c, src := wrap(original), pageData(1<<20, 3)
	if l1, l9 := len(c.EncodeLevel(nil, src, 1)), len(c.EncodeLevel(nil, src, 9)); l9 >= l1 {
		t.Errorf("level 9 gives %d bytes, level 1 %d", l9, l1)
	}
}

func TestCompressBound(t *testing.T) {
	c := wrap(original)
	for _, n := range []int64{1, 100, 128 << 10, 5 << 20} {
		if got, want := c.CompressBound(n), original.CompressBound(n); got != want {
			t.Errorf("CompressBound(%d) = %d, arrow-go %d", n, got, want)
		}
	}
	if c.CompressBound(0) <= 0 {
		t.Error("CompressBound(0) must leave room for an empty frame")
	}
}

func TestConcurrent(t *testing.T) {
	c := wrap(original)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 20 {
				src := pageData(1000+i*997, uint64(g*100+i))
				if got := c.Decode(nil, c.EncodeLevel(nil, src, 1)); !bytes.Equal(got, src) {
					t.Errorf("goroutine %d, round %d: round trip failed", g, i)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestDisabledValues(t *testing.T) {
	for v, want := range map[string]bool{"": false, "0": false, "1": true, "true": true, "no": false} {
		if disabled(v) != want {
			t.Errorf("disabled(%q) = %t", v, !want)
		}
	}
}

// TestRegisterParquet registers the codec and writes and reads back a small Parquet file.
func TestRegisterParquet(t *testing.T) {
	if disabled(os.Getenv(envDisable)) {
		t.Skipf("%s is set (TestEnvDisables covers it)", envDisable)
	}
	t.Cleanup(func() { compress.RegisterCodec(compress.Codecs.Zstd, original) })
	if !Register() || !Register() {
		t.Fatal("Register returned false")
	}
	got, _ := compress.GetCodec(compress.Codecs.Zstd)
	sc, ok := got.(streamingCodec)
	if !ok || sc.Codec != original {
		t.Fatalf("registered %T wrapping %T, want streamingCodec wrapping arrow-go's once", got, sc.Codec)
	}

	mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
	defer mem.AssertSize(t, 0)
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: arrow.PrimitiveTypes.Int64},
		{Name: "json", Type: arrow.BinaryTypes.String},
	}, nil)
	b := array.NewRecordBuilder(mem, schema)
	defer b.Release()
	const rows = 5000
	for i := range rows {
		b.Field(0).(*array.Int64Builder).Append(int64(i))
		b.Field(1).(*array.StringBuilder).Append(string(pageData(200, uint64(i))))
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	tbl := array.NewTableFromRecords(schema, []arrow.RecordBatch{rec})
	defer tbl.Release()

	var buf bytes.Buffer
	props := parquet.NewWriterProperties(parquet.WithCompression(compress.Codecs.Zstd),
		parquet.WithCompressionLevel(1), parquet.WithDictionaryDefault(false), parquet.WithAllocator(mem))
	if err := pqarrow.WriteTable(tbl, &buf, rows, props, pqarrow.NewArrowWriterProperties(pqarrow.WithAllocator(mem))); err != nil {
		t.Fatal(err)
	}

	rdr, err := file.NewParquetReader(bytes.NewReader(buf.Bytes()), file.WithReadProps(parquet.NewReaderProperties(mem)))
	if err != nil {
		t.Fatal(err)
	}
	defer rdr.Close()
	if cc, err := rdr.MetaData().RowGroup(0).ColumnChunk(1); err != nil || cc.Compression() != compress.Codecs.Zstd {
		t.Fatalf("column chunk: %v, %v", cc, err)
	}
	fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{}, mem)
	if err != nil {
		t.Fatal(err)
	}
	back, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer back.Release()
	// Compare the data; the schema read back carries pqarrow's field-id metadata.
	if back.NumRows() != rows || back.NumCols() != 2 {
		t.Fatalf("read back %d rows, %d columns", back.NumRows(), back.NumCols())
	}
	for i := range 2 {
		if !array.ChunkedEqual(tbl.Column(i).Data(), back.Column(i).Data()) {
			t.Errorf("column %d read back differs", i)
		}
	}
}

// TestEnvDisables runs this test binary again with CTLAKE_NO_LIBZSTD=1: the library is loaded
// once per process, so only a fresh process shows the variable's effect.
func TestEnvDisables(t *testing.T) {
	if os.Getenv("FASTZSTD_TEST_CHILD") == "1" {
		if Register() {
			t.Fatal("Register returned true with CTLAKE_NO_LIBZSTD=1")
		}
		if got, _ := compress.GetCodec(compress.Codecs.Zstd); got != original {
			t.Fatalf("registry changed to %T", got)
		}
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestEnvDisables$", "-test.count=1")
	cmd.Env = append(os.Environ(), "FASTZSTD_TEST_CHILD=1", envDisable+"=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
}
