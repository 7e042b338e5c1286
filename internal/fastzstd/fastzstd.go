// Package fastzstd owns the zstd compressor behind ctlake's Parquet files: it registers with
// arrow-go a codec whose block encoder is zstd's own C library (ZSTD_compressCCtx, through
// github.com/DataDog/zstd), which at level 1 compresses about twice as fast as the pure-Go
// encoder arrow-go uses by default, and a little smaller — compressing pages is a large share
// of ingest time. Setting CTLAKE_NO_LIBZSTD=1 keeps arrow-go's own codec (for comparisons).
// Only compression changes: decoding and the streaming readers and writers stay with the
// codec registered before, and the files are ordinary zstd Parquet either way (the C library's
// frames carry no XXH64 content checksum where the Go encoder's do; zstd decoders accept
// both, and Parquet pages have their own optional CRC).
package fastzstd

import (
	"io"
	"os"
	"strconv"
	"sync"

	"github.com/DataDog/zstd"
	"github.com/apache/arrow-go/v18/parquet/compress"
)

// envDisable names the environment variable that turns the C compressor off (for comparisons
// and to rule it out when chasing a problem).
const envDisable = "CTLAKE_NO_LIBZSTD"

// defaultLevel is the libzstd level for arrow-go's "default" (Encode without a level, or
// compress.DefaultCompressionLevel): arrow-go then uses klauspost's SpeedDefault, which is
// zstd level 3 (also libzstd's own ZSTD_CLEVEL_DEFAULT).
const defaultLevel = 3

// disabled reports whether the value of CTLAKE_NO_LIBZSTD turns the C compressor off: "1",
// "true" and the other values strconv.ParseBool accepts as true.
func disabled(v string) bool {
	b, err := strconv.ParseBool(v)
	return err == nil && b
}

// Register makes arrow-go's Parquet writer compress zstd pages with the C library, unless
// CTLAKE_NO_LIBZSTD says not to; everything else (decoding, streaming writers) stays with the
// codec registered before. It returns whether the C library is used. Call it once, before any Parquet is written or read concurrently.
//
// (arrow-go's registry is a plain map: registering while another goroutine looks a codec up
// is a data race. Writers already open keep the codec they looked up.) Calling Register again
// does not wrap the codec twice. When disabled, the registry is left untouched.
func Register() bool {
	if disabled(os.Getenv(envDisable)) {
		return false
	}
	base, err := compress.GetCodec(compress.Codecs.Zstd)
	if err != nil {
		return false // nothing to decode with: leave the registry as it is
	}
	switch base.(type) {
	case codec, streamingCodec:
		return true
	}
	compress.RegisterCodec(compress.Codecs.Zstd, wrap(base))
	return true
}

// wrap returns base with libzstd compression, keeping base's streaming API when it has one
// (arrow-go's page reader only streams columns whose codec implements it).
func wrap(base compress.Codec) compress.Codec {
	c := codec{Codec: base}
	if s, ok := base.(compress.StreamingCodec); ok {
		return streamingCodec{codec: c, stream: s}
	}
	return c
}

// codec compresses blocks with the C library and leaves everything else to the codec it
// embeds. It is safe for concurrent use: each call takes its own context from ctxs.
type codec struct {
	compress.Codec // the zstd codec registered before (arrow-go's pure-Go one)
}

// ctxs holds the compression contexts not in use: C memory (a few hundred KB to a few MB once
// used, depending on the level and input size), used by one goroutine at a time. A context
// dropped by the pool is freed by its finalizer.
var ctxs = sync.Pool{New: func() any { return zstd.NewCtx() }}

// Encode compresses src at arrow-go's default level (zstd 3).
func (c codec) Encode(dst, src []byte) []byte {
	return c.encode(dst, src, defaultLevel, compress.DefaultCompressionLevel)
}

// EncodeLevel compresses src at a zstd level, read as arrow-go reads it (see libLevel).
func (c codec) EncodeLevel(dst, src []byte, level int) []byte {
	return c.encode(dst, src, libLevel(level), level)
}

// libLevel maps the level arrow-go's writer passes to a libzstd level. arrow-go reads the number
// as a zstd level (klauspost's EncoderLevelFromZstd): compress.DefaultCompressionLevel (-1)
// is the default, 3; other levels below 1 are its fastest, so 1 here (libzstd would read 0 as
// 3 and negatives as its extra-fast modes); 1 to 22 are passed unchanged, and libzstd clamps
// larger ones to 22.
func libLevel(level int) int {
	switch {
	case level == compress.DefaultCompressionLevel:
		return defaultLevel
	case level < 1:
		return 1
	}
	return level
}

// encode compresses src into one zstd frame at lib level; into dst when its capacity reaches
// ZSTD_compressBound, else into a new slice. Should the C library fail (it can only fail to
// allocate), the embedded Go codec encodes at goLevel instead, so callers never see an error
// — Codec.Encode has no way to report one.
func (c codec) encode(dst, src []byte, lib, goLevel int) []byte {
	cc := ctxs.Get().(zstd.Ctx)
	defer ctxs.Put(cc)
	out, err := cc.CompressLevel(dst, src, lib)
	if err != nil {
		return c.Codec.EncodeLevel(dst, src, goLevel)
	}
	return out
}

// CompressBound is ZSTD_compressBound: the most a zstd frame of n bytes can take. Unlike
// arrow-go's it accepts 0.
func (c codec) CompressBound(n int64) int64 {
	if n >= 0 && int64(int(n)) == n {
		return int64(zstd.CompressBound(int(n)))
	}
	return c.Codec.CompressBound(n)
}

// DecodeWithError decodes with the embedded codec, keeping arrow-go's error reporting for
// corrupt pages (compress.Decode looks for this method).
func (c codec) DecodeWithError(dst, src []byte) ([]byte, error) {
	return compress.Decode(c.Codec, dst, src)
}

// streamingCodec is codec for a base that also streams; the streams are the base's.
type streamingCodec struct {
	codec
	stream compress.StreamingCodec
}

func (s streamingCodec) NewReader(r io.Reader) io.ReadCloser { return s.stream.NewReader(r) }

func (s streamingCodec) NewWriter(w io.Writer) io.WriteCloser { return s.stream.NewWriter(w) }

func (s streamingCodec) NewWriterLevel(w io.Writer, level int) (io.WriteCloser, error) {
	return s.stream.NewWriterLevel(w, level)
}
