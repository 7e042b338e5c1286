package ingest

import (
	"bytes"
	"context"
	"io"
	"os"

	"github.com/ctlake/ctlake/internal/inflate"
)

// Whole-file decoding. A trail file is small (a few hundred KB of JSON), so DecodeFile reads
// it whole and decompresses it in one call into a buffer of its own, which it never reuses:
// the records are delivered with Stable set and the Parser keeps them as the Events' eventJson
// without copying them. That saves a copy of every raw event (1.2 s of CPU per 1M generated
// events) and, with libdeflate (internal/inflate), gunzips at about twice the speed of the
// streaming Go reader. Anything unusual — a larger file, several gzip members, damaged or cut
// data, a size that does not match the gzip trailer — goes through the streaming path, which
// names the fault and delivers every record before it.
const (
	maxWholeFile     = 64 << 20  // larger files are streamed
	maxWholeInflated = 512 << 20 // larger declared contents are streamed
	// maxDeflateRatio bounds what a gzip member can inflate to (deflate's limit is about
	// 1032:1), so that a forged size in a small file allocates nothing large.
	maxDeflateRatio = 1040
)

// DecodeFile is Decode for a file: whole when it can be, streamed otherwise. f is read from
// its current offset, which must be the start.
func (dc *Decoder) DecodeFile(ctx context.Context, name string, f *os.File, fn func(Record) error, onBad func(RecordError)) error {
	if err := ctx.Err(); err != nil {
		return dc.Decode(ctx, name, f, fn, onBad) // reports the cancellation as Decode does
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() > maxWholeFile || st.Size() < 2 {
		return dc.Decode(ctx, name, f, fn, onBad)
	}
	size := int(st.Size())
	var magic [2]byte
	if _, err := f.ReadAt(magic[:], 0); err != nil {
		return dc.Decode(ctx, name, f, fn, onBad)
	}
	// One byte more than the size is asked for: a file that grew since Stat is streamed.
	if magic[0] != 0x1f || magic[1] != 0x8b { // plain JSON: read into a buffer of its own
		data := make([]byte, size+1)
		if n, err := io.ReadFull(f, data); err != io.ErrUnexpectedEOF || n != size {
			return dc.Decode(ctx, name, io.MultiReader(bytes.NewReader(data[:n]), f), fn, onBad)
		}
		return dc.decodeWhole(ctx, name, data[:size], fn, onBad)
	}
	if cap(dc.in) < size+1 {
		dc.in = make([]byte, size+1)
	}
	in := dc.in[:size+1]
	if n, err := io.ReadFull(f, in); err != io.ErrUnexpectedEOF || n != size {
		return dc.Decode(ctx, name, io.MultiReader(bytes.NewReader(in[:n]), f), fn, onBad)
	}
	return dc.decodeGzip(ctx, name, in[:size], fn, onBad)
}

// decodeGzip decodes a whole gzip file held in in (which the caller may reuse afterwards):
// decompressed in one call into a buffer of its own when it can be, streamed otherwise.
func (dc *Decoder) decodeGzip(ctx context.Context, name string, in []byte, fn func(Record) error, onBad func(RecordError)) error {
	if data, ok := dc.gunzipWhole(in); ok {
		return dc.decodeWhole(ctx, name, data, fn, onBad)
	}
	return dc.Decode(ctx, name, bytes.NewReader(in), fn, onBad)
}

// gunzipWhole decompresses a single-member gzip stream whose trailer gives its size into a
// new buffer; false when it is anything else (the streaming path then reads it).
func (dc *Decoder) gunzipWhole(in []byte) ([]byte, bool) {
	isize, ok := inflate.ISize(in)
	if !ok || isize > maxWholeInflated || isize > maxDeflateRatio*len(in) {
		return nil, false
	}
	out := make([]byte, isize)
	if !dc.goInflate && inflate.Available() {
		if dc.inflater == nil {
			d, err := inflate.NewDecompressor()
			if err != nil {
				return nil, false
			}
			dc.inflater = d
		}
		n, used, err := dc.inflater.Gunzip(out, in)
		return out, err == nil && used == len(in) && n == isize
	}
	// The Go reader, one member only: the trailer's size must be all there is.
	r := bytes.NewReader(in)
	if err := dc.resetGzip(r); err != nil {
		return nil, false
	}
	dc.zr.Multistream(false)
	defer dc.zr.Multistream(true)
	if _, err := io.ReadFull(dc.zr, out); err != nil {
		return nil, false
	}
	var one [1]byte
	if n, err := dc.zr.Read(one[:]); n != 0 || err != io.EOF || r.Len() != 0 {
		return nil, false
	}
	return out, true
}

// decodeWhole decodes data, a whole file's content that nothing reuses: its records are
// delivered with Stable set.
func (dc *Decoder) decodeWhole(ctx context.Context, name string, data []byte, fn func(Record) error, onBad func(RecordError)) error {
	d := &decoder{ctx: ctx, name: name, fn: fn, onBad: onBad, mark: -1, line: 1, maxBuf: len(data),
		buf: data, eof: true, stable: true}
	d.val.stack = dc.stack
	defer func() { dc.stack = d.val.stack[:0] }()
	return d.run()
}
