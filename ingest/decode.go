package ingest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/ctlake/ctlake/internal/inflate"
	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/gzip"
)

// Record is one raw event record found in a file.
type Record struct {
	Index int // 0-based ordinal of the record in the file; bad records take an index too
	Line  int // 1-based line where the record starts (exact for every format)
	// Raw is the record's JSON bytes exactly as in the file, from '{' to '}'. It points into
	// Decode's buffer and is valid only during the callback: copy it to keep it, unless Stable.
	Raw []byte
	// Stable says Raw is in a buffer of its own that nothing changes or reuses (DecodeFile's
	// whole-file path): it may be kept without a copy.
	Stable bool
}

const (
	minBufSize    = 64 << 10 // first buffer: a small file is read with one allocation
	maxBufSize    = 4 << 20  // the buffer doubles up to this while a file lasts
	maxRecordSize = 64 << 20 // one record larger than this is a file error
	maxNesting    = 10000    // deeper JSON is a syntax error (also bounds the validator's stack)
	ctxEvery      = 4096     // records between two checks of ctx
)

// Decode reads one file's content and calls fn for each record, in file order.
//
// The content may be gzip (recognised by its magic bytes, not the name; concatenated gzip
// members are read as one stream) or plain, with an optional UTF-8 BOM. Formats, recognised
// from content:
//   - a CloudTrail trail file {"Records":[…]}: the elements of Records (other keys ignored);
//   - a top-level JSON array of objects: its elements;
//   - JSON Lines: one object per line (CRLF allowed, blank lines skipped);
//   - a sequence of multi-line (pretty-printed) objects.
//
// Decode checks that each record is well-formed JSON; Parser.Parse checks the fields.
//
// A record-level problem (a line that is not a JSON object, an array element that is not an
// object) is reported to onBad and decoding continues: in JSON Lines with the next line, in
// arrays with the next element. If onBad is nil the first such problem ends decoding and is
// returned (a RecordError).
//
// A file-level problem (not JSON at all, broken structure, corrupt gzip) returns an error
// wrapping ErrBadFile, an early end (cut gzip stream, unterminated array or last line) one
// wrapping ErrTruncated; both come after every record before the fault was delivered. An error
// returned by fn ends decoding and is returned as is. ctx is checked every few thousand records
// and at each buffer refill.
//
// Decode streams: it holds at most a few MiB of the file besides the largest record.
func Decode(ctx context.Context, name string, r io.Reader, fn func(Record) error, onBad func(RecordError)) error {
	return new(Decoder).Decode(ctx, name, r, fn, onBad)
}

// A Decoder is Decode for many files in turn: it keeps its read buffer, gzip state and
// validator stack from one file to the next, which an ingest of thousands of small trail
// files would otherwise allocate (and page-fault in) once per file. The zero value is ready;
// a Decoder is not safe for concurrent use.
type Decoder struct {
	br        *bufio.Reader
	zr        *gzip.Reader
	buf       []byte // the largest buffer up to maxBufSize used so far
	stack     []byte
	in        []byte                // DecodeFile's compressed input, reused
	inflater  *inflate.Decompressor // DecodeFile's libdeflate state, when the library is there
	goInflate bool                  // tests: DecodeFile gunzips with the Go reader even with libdeflate
}

// Decode is the package's Decode, reusing d's buffers.
func (dc *Decoder) Decode(ctx context.Context, name string, r io.Reader, fn func(Record) error, onBad func(RecordError)) error {
	return dc.decode(ctx, name, r, fn, onBad, minBufSize, maxBufSize)
}

// decode is Decode with the buffer sizes as parameters, so tests can force refills anywhere.
func decode(ctx context.Context, name string, r io.Reader, fn func(Record) error, onBad func(RecordError), bufSize, maxBuf int) error {
	return new(Decoder).decode(ctx, name, r, fn, onBad, bufSize, maxBuf)
}

func (dc *Decoder) decode(ctx context.Context, name string, r io.Reader, fn func(Record) error, onBad func(RecordError), bufSize, maxBuf int) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("decode %s: %w", name, err)
	}
	d := &decoder{ctx: ctx, name: name, fn: fn, onBad: onBad, mark: -1, line: 1, maxBuf: maxBuf}
	d.val.stack = dc.stack
	if dc.br == nil {
		dc.br = bufio.NewReader(r)
	} else {
		dc.br.Reset(r)
	}
	defer dc.br.Reset(nil) // do not keep the caller's reader reachable
	br := dc.br
	d.r = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		if err := dc.resetGzip(br); err != nil {
			d.rerr = err
			return d.readErr()
		}
		defer dc.zr.Close()
		d.r = dc.zr
	}
	if cap(dc.buf) >= bufSize {
		d.buf = dc.buf[:0]
	} else {
		d.buf = make([]byte, 0, bufSize)
	}
	defer func() {
		// Keep the buffer for the next file unless one huge record blew it up.
		if cap(d.buf) <= max(maxBuf, bufSize) {
			dc.buf = d.buf[:0]
		}
		dc.stack = d.val.stack[:0]
	}()
	d.read()
	return d.run()
}

// resetGzip points dc's gzip reader at r and reads the gzip header.
func (dc *Decoder) resetGzip(r io.Reader) error {
	var err error
	if dc.zr == nil {
		dc.zr, err = gzip.NewReader(r)
	} else {
		err = dc.zr.Reset(r)
	}
	if err == io.EOF {
		err = io.ErrUnexpectedEOF // inside the header
	}
	return err
}

// decoder holds one Decode call's state. The unconsumed data is d.buf[d.pos:]; a refill keeps
// it (and d.buf[d.mark:] while mark >= 0) and moves it to the front, so every position into
// d.buf is shifted by a refill: scanning restarts from d.pos after one.
type decoder struct {
	ctx   context.Context
	name  string
	r     io.Reader
	fn    func(Record) error
	onBad func(RecordError)

	buf    []byte // data read and not discarded; cap is the buffer size
	pos    int    // next unconsumed byte in buf
	mark   int    // start of data to keep across refills besides buf[pos:]; -1 for none
	line   int    // 1-based line at pos
	eof    bool   // r is exhausted: buf holds the rest of the file
	rerr   error  // the read error that ended r early, reported after the data before it
	maxBuf int    // the buffer doubles up to this without need
	index  int    // index of the next record
	val    validator
	stable bool // buf is the whole file in a buffer of its own (Record.Stable)
}

func (d *decoder) run() error {
	for len(d.buf) < 3 && !d.eof {
		if err := d.more(); err != nil {
			return err
		}
	}
	if bytes.HasPrefix(d.buf, []byte("\xef\xbb\xbf")) {
		d.pos = 3
	}
	for n := 0; ; n++ {
		ok, err := d.skipSpace()
		if err != nil {
			return err
		}
		if !ok {
			return d.finish()
		}
		switch c := d.buf[d.pos]; {
		case c == '[':
			err = d.elements()
		case c == '{':
			err = d.object()
		case n == 0:
			if d.rerr != nil && len(d.buf) == 0 {
				return d.readErr()
			}
			return fmt.Errorf("%s: %w: not JSON: starts with %q", d.name, ErrBadFile, headOf(d.buf[d.pos:], 16))
		default:
			return d.fileErr(ErrBadFile, "unexpected %q after the end of the top-level value", headOf(d.buf[d.pos:], 16))
		}
		if err != nil {
			return err
		}
	}
}

// object handles a top-level object at pos: a trail file's {"Records":[…]} if it has a Records
// array, else the first record of a JSON Lines file or of a sequence of pretty-printed objects.
func (d *decoder) object() error {
	startLine := d.line
	d.mark = d.pos
	records := false
	err := d.objectBody(&records)
	if records {
		return d.structErr(err)
	}
	var se *syntaxError
	if err != nil && !errors.As(err, &se) {
		return err
	}
	// Not a trail file: rewind (d.mark has kept the object's bytes) and read the file as
	// records, one per line if the first one sits on one line, else as a sequence of
	// multi-line objects.
	end := d.pos
	if se != nil {
		end = se.pos
	}
	start := d.mark
	nl := bytes.IndexByte(d.buf[start:end], '\n')
	d.pos, d.line, d.mark = start, startLine, -1
	switch {
	case nl < 0:
		return d.lines()
	case se == nil:
		return d.sequence()
	case nextLineStartsObject(d.buf[start+nl:]):
		return d.lines() // JSON Lines whose first line is broken
	}
	return d.structErr(se)
}

// objectBody scans the object at pos key by key; a Records array is decoded as it is met.
// It returns a *syntaxError for broken JSON.
func (d *decoder) objectBody(records *bool) error {
	d.pos++ // '{'
	if err := d.need(); err != nil {
		return err
	}
	if d.buf[d.pos] == '}' {
		d.pos++
		return nil
	}
	for {
		if d.buf[d.pos] != '"' {
			return d.syntaxAt(d.pos, "invalid character %q looking for beginning of object key string", d.buf[d.pos])
		}
		end, err := d.scanString()
		if err != nil {
			return err
		}
		isRecords := string(d.buf[d.pos:end]) == `"Records"`
		d.pos = end
		if err := d.need(); err != nil {
			return err
		}
		if d.buf[d.pos] != ':' {
			return d.syntaxAt(d.pos, "invalid character %q after object key", d.buf[d.pos])
		}
		d.pos++
		if err := d.need(); err != nil {
			return err
		}
		if isRecords && !*records && d.buf[d.pos] == '[' {
			*records, d.mark = true, -1
			if err := d.elements(); err != nil {
				return err
			}
		} else {
			end, nl, err := d.scanValue()
			if err != nil {
				return err
			}
			d.pos, d.line = end, d.line+nl
		}
		if err := d.need(); err != nil {
			return err
		}
		switch d.buf[d.pos] {
		case ',':
			d.pos++
			if err := d.need(); err != nil {
				return err
			}
		case '}':
			d.pos++
			return nil
		default:
			return d.syntaxAt(d.pos, "invalid character %q after object key:value pair", d.buf[d.pos])
		}
	}
}

// elements decodes the array at pos ('[') through its ']': each element is a record.
func (d *decoder) elements() error {
	d.pos++
	if err := d.need(); err != nil {
		return d.structErr(err)
	}
	if d.buf[d.pos] == ']' {
		d.pos++
		return nil
	}
	for {
		line := d.line
		end, nl, err := d.scanValue()
		if err != nil {
			return d.structErr(err)
		}
		if raw := d.buf[d.pos:end]; raw[0] == '{' {
			err = d.deliver(raw, line)
		} else {
			err = d.bad(line, fmt.Errorf("%w: array element is %s, not an object", ErrBadRecord, jsonKind(raw[0])))
		}
		if err != nil {
			return err
		}
		d.pos, d.line = end, d.line+nl
		if err := d.need(); err != nil {
			return d.structErr(err)
		}
		switch d.buf[d.pos] {
		case ',':
			d.pos++
			if err := d.need(); err != nil {
				return d.structErr(err)
			}
		case ']':
			d.pos++
			return nil
		default:
			return d.structErr(d.syntaxAt(d.pos, "invalid character %q after array element", d.buf[d.pos]))
		}
	}
}

// lines decodes JSON Lines from pos to the end of the file.
func (d *decoder) lines() error {
	for {
		nl := -1
		for {
			if nl = bytes.IndexByte(d.buf[d.pos:], '\n'); nl >= 0 || d.eof {
				break
			}
			if err := d.more(); err != nil {
				return err
			}
		}
		if nl < 0 {
			err := d.line1(d.buf[d.pos:], false)
			d.pos = len(d.buf)
			return err
		}
		if err := d.line1(d.buf[d.pos:d.pos+nl], true); err != nil {
			return err
		}
		d.pos += nl + 1
		d.line++
	}
}

// line1 handles one line (without its '\n'); terminated says a '\n' followed it.
func (d *decoder) line1(line []byte, terminated bool) error {
	j, _ := skipWS(line, 0, 0)
	if j == len(line) {
		return nil // blank
	}
	var err error
	end := 0
	if line[j] != '{' {
		err = &syntaxError{pos: j, msg: fmt.Sprintf("line is not a JSON object: starts with %q", headOf(line[j:], 16))}
	} else if end, _, err = d.val.value(line, j, true); err == nil {
		if k, _ := skipWS(line, end, 0); k < len(line) {
			err = &syntaxError{pos: k, msg: fmt.Sprintf("unexpected %q after the object", headOf(line[k:], 16))}
		}
	}
	if err == nil {
		return d.deliver(line[j:end], d.line)
	}
	se := err.(*syntaxError)
	if !terminated {
		// The file ends inside this line: when the data was cut, that is the cause.
		if d.rerr != nil {
			return d.readErr()
		}
		if se.eod {
			return d.fileErr(ErrTruncated, "unexpected end of data in the last line (after %d records)", d.index)
		}
	}
	return d.bad(d.line, fmt.Errorf("%w: %s (column %d)", ErrBadRecord, se.msg, se.pos+1))
}

// sequence decodes whitespace-separated objects from pos to the end of the file.
func (d *decoder) sequence() error {
	for {
		ok, err := d.skipSpace()
		if err != nil || !ok {
			return err
		}
		if d.buf[d.pos] != '{' {
			return d.fileErr(ErrBadFile, "expected a JSON object, found %q", headOf(d.buf[d.pos:], 16))
		}
		line := d.line
		end, nl, err := d.scanValue()
		if err != nil {
			return d.structErr(err)
		}
		if err := d.deliver(d.buf[d.pos:end], line); err != nil {
			return err
		}
		d.pos, d.line = end, d.line+nl
	}
}

func (d *decoder) deliver(raw []byte, line int) error {
	idx := d.index
	d.index++
	if d.index%ctxEvery == 0 {
		if err := d.ctx.Err(); err != nil {
			return fmt.Errorf("decode %s: %w", d.name, err)
		}
	}
	return d.fn(Record{Index: idx, Line: line, Raw: raw, Stable: d.stable})
}

func (d *decoder) bad(line int, err error) error {
	re := RecordError{File: d.name, Index: d.index, Line: line, Err: err}
	d.index++
	if d.onBad == nil {
		return re
	}
	d.onBad(re)
	if d.index%ctxEvery == 0 {
		if err := d.ctx.Err(); err != nil {
			return fmt.Errorf("decode %s: %w", d.name, err)
		}
	}
	return nil
}

// skipSpace consumes whitespace, refilling as needed; false when the data ends.
func (d *decoder) skipSpace() (bool, error) {
	for {
		i, nl := skipWS(d.buf, d.pos, 0)
		d.pos, d.line = i, d.line+nl
		if i < len(d.buf) {
			return true, nil
		}
		if d.eof {
			return false, nil
		}
		if err := d.more(); err != nil {
			return false, err
		}
	}
}

// need is skipSpace where the end of the data is a syntax error.
func (d *decoder) need() error {
	ok, err := d.skipSpace()
	if err == nil && !ok {
		return &syntaxError{pos: d.pos, msg: "unexpected end of data", eod: true}
	}
	return err
}

// scanValue validates the value at pos, refilling as needed, and returns its end and the
// newlines in it, without consuming it.
func (d *decoder) scanValue() (end, nl int, err error) {
	for {
		end, nl, err = d.val.value(d.buf, d.pos, d.eof)
		if err != errNeedMore {
			return end, nl, err
		}
		if err = d.more(); err != nil {
			return 0, 0, err
		}
	}
}

// scanString validates the string at pos and returns its end, without consuming it.
func (d *decoder) scanString() (int, error) {
	for {
		end, err := scanString(d.buf, d.pos+1, d.eof)
		if err != errNeedMore {
			return end, err
		}
		if err = d.more(); err != nil {
			return 0, err
		}
	}
}

// more refills the buffer: it keeps buf[min(pos, mark):], moves it to the front (growing the
// buffer when that part fills half of it, or while it is below maxBuf) and reads after it.
func (d *decoder) more() error {
	if err := d.ctx.Err(); err != nil {
		return fmt.Errorf("decode %s: %w", d.name, err)
	}
	keep := d.pos
	if d.mark >= 0 && d.mark < keep {
		keep = d.mark
	}
	rest := len(d.buf) - keep
	if rest > maxRecordSize {
		return d.fileErr(ErrBadFile, "a record is larger than %d MiB", maxRecordSize>>20)
	}
	if c := cap(d.buf); 2*rest > c || c < d.maxBuf {
		nb := make([]byte, rest, 2*c)
		copy(nb, d.buf[keep:])
		d.buf = nb
	} else {
		d.buf = d.buf[:copy(d.buf, d.buf[keep:])]
	}
	d.pos -= keep
	if d.mark >= 0 {
		d.mark -= keep
	}
	d.read()
	return nil
}

// read fills the free part of the buffer or reaches the end of the reader.
func (d *decoder) read() {
	for zero := 0; len(d.buf) < cap(d.buf); {
		n, err := d.r.Read(d.buf[len(d.buf):cap(d.buf)])
		d.buf = d.buf[:len(d.buf)+n]
		if err != nil {
			d.eof = true
			if err != io.EOF {
				d.rerr = err
			}
			return
		}
		if n == 0 {
			if zero++; zero > 100 {
				d.eof, d.rerr = true, io.ErrNoProgress
				return
			}
		}
	}
}

// finish ends a decode that consumed all the data.
func (d *decoder) finish() error {
	if d.rerr != nil {
		return d.readErr()
	}
	return nil
}

// readErr classifies the error that ended reading.
func (d *decoder) readErr() error {
	err := d.rerr
	var corrupt flate.CorruptInputError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%s: %w: the data ends early after %d records: %w", d.name, ErrTruncated, d.index, err)
	case errors.Is(err, gzip.ErrHeader), errors.Is(err, gzip.ErrChecksum), errors.As(err, &corrupt):
		return fmt.Errorf("%s: %w: corrupt gzip after %d records: %w", d.name, ErrBadFile, d.index, err)
	}
	return fmt.Errorf("read %s: %w", d.name, err)
}

// structErr turns an error met inside the structure of the file into the file-level error.
func (d *decoder) structErr(err error) error {
	se, ok := err.(*syntaxError)
	if !ok {
		return err
	}
	line := d.line
	if se.pos > d.pos && se.pos <= len(d.buf) {
		line += bytes.Count(d.buf[d.pos:se.pos], []byte{'\n'})
	}
	if se.eod {
		if d.rerr != nil {
			return d.readErr()
		}
		return fmt.Errorf("%s: %w: line %d: unexpected end of data (after %d records)", d.name, ErrTruncated, line, d.index)
	}
	return fmt.Errorf("%s: %w: line %d: %s (after %d records)", d.name, ErrBadFile, line, se.msg, d.index)
}

func (d *decoder) fileErr(kind error, format string, args ...any) error {
	return fmt.Errorf("%s: %w: line %d: %s", d.name, kind, d.line, fmt.Sprintf(format, args...))
}

func (d *decoder) syntaxAt(pos int, format string, args ...any) error {
	return &syntaxError{pos: pos, msg: fmt.Sprintf(format, args...)}
}

// nextLineStartsObject reports whether, after the newline b starts with, the next non-blank
// text is '{'.
func nextLineStartsObject(b []byte) bool {
	i, _ := skipWS(b, 0, 0)
	return i < len(b) && b[i] == '{'
}

// headOf returns up to n bytes of b for messages.
func headOf(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

// jsonKind names the JSON type of a value from its first byte.
func jsonKind(c byte) string {
	switch c {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}
