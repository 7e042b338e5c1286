package results

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/ctlake/ctlake/internal/atomicfile"

	"github.com/klauspost/compress/gzip"
)

// The stored result of a FINISHED query is one gzip file of JSON lines, result.jsonl.gz,
// made of independent gzip members (so `zcat` reads it whole and a reader can start at any
// member):
//
//	member 0:  {"ctlakeResult":1,"columns":["col1","col2",…]}
//	member k:  rows (k-1)*1000 … k*1000-1, one JSON array per line, one element per column
//
// Each element is the value as storedValue makes it: JSON null for NULL, strings, booleans,
// numbers (integers and DECIMALs exactly, floats in their shortest form), objects and
// arrays for nested values; timestamps and other values JSON has no type for as their Text.
// Reading back gives the same Text for every value, in column order.
//
// result.idx holds {"BlockRows":1000,"Offsets":[…]}: the byte offset of every row member,
// so GetQueryResults reads one page by seeking to the member that holds its first row
// instead of decompressing everything before it.
const (
	resultFile   = "result.jsonl.gz"
	indexFile    = "result.idx"
	blockRows    = 1000
	resultFormat = 1
)

// resultMeta describes a stored result; it is kept in the record.
type resultMeta struct {
	File      string   `json:"File"`
	Columns   []string `json:"Columns"`
	Rows      int64    `json:"Rows"`
	Bytes     int64    `json:"Bytes"` // size of the result file
	BlockRows int      `json:"BlockRows"`
}

type resultHeader struct {
	Format  int      `json:"ctlakeResult"`
	Columns []string `json:"columns"`
}

type resultIndex struct {
	BlockRows int     `json:"BlockRows"`
	Offsets   []int64 `json:"Offsets"`
}

// writeError is a failure to store the result (disk full, a value that does not encode, rows
// that do not match their columns), as opposed to the query's own error.
type writeError struct{ err error }

func (e *writeError) Error() string { return "store results: " + e.err.Error() }
func (e *writeError) Unwrap() error { return e.err }

// pendingResult is a written but not yet visible result: commit renames it into place.
type pendingResult struct {
	meta      resultMeta
	data, idx *atomicfile.File
}

func (p *pendingResult) commit() error {
	if err := p.idx.Commit(); err != nil {
		p.data.Abort()
		return err
	}
	return p.data.Commit()
}

func (p *pendingResult) abort() {
	p.idx.Abort()
	p.data.Abort()
}

// countWriter counts the bytes written through it.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// writeResult streams rows into a new result in dir, not yet visible. It returns the rows'
// error or ctx's when either ended the query, or a *writeError.
func writeResult(ctx context.Context, dir string, rows RowSource) (_ *pendingResult, err error) {
	cols := rows.Columns()
	data, err := atomicfile.Create(filepath.Join(dir, resultFile))
	if err != nil {
		return nil, &writeError{err}
	}
	idx, err := atomicfile.Create(filepath.Join(dir, indexFile))
	if err != nil {
		data.Abort()
		return nil, &writeError{err}
	}
	pr := &pendingResult{data: data, idx: idx, meta: resultMeta{File: resultFile, Columns: cols, BlockRows: blockRows}}
	defer func() {
		if err != nil {
			pr.abort()
		}
	}()
	bw := bufio.NewWriterSize(data, 1<<20)
	cw := &countWriter{w: bw}
	zw, err := gzip.NewWriterLevel(cw, gzip.DefaultCompression)
	if err != nil {
		return nil, &writeError{err}
	}
	enc := json.NewEncoder(zw)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(resultHeader{Format: resultFormat, Columns: cols}); err != nil {
		return nil, &writeError{err}
	}
	if err := zw.Close(); err != nil {
		return nil, &writeError{err}
	}
	var (
		index   = resultIndex{BlockRows: blockRows, Offsets: []int64{}}
		row     = make([]any, len(cols))
		inBlock int
	)
	for rows.Next() {
		if inBlock == 0 {
			index.Offsets = append(index.Offsets, cw.n)
			zw.Reset(cw)
		}
		vals := rows.Values()
		if len(vals) != len(cols) {
			return nil, &writeError{fmt.Errorf("%w: row %d has %d values for %d columns", ErrInvalidParameter, pr.meta.Rows+1, len(vals), len(cols))}
		}
		for i, v := range vals {
			row[i] = storedValue(v)
		}
		if err := enc.Encode(row); err != nil {
			return nil, &writeError{fmt.Errorf("row %d: %w", pr.meta.Rows+1, err)}
		}
		pr.meta.Rows++
		if inBlock++; inBlock == blockRows {
			if err := zw.Close(); err != nil {
				return nil, &writeError{err}
			}
			inBlock = 0
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if inBlock > 0 {
		if err := zw.Close(); err != nil {
			return nil, &writeError{err}
		}
	}
	if err := bw.Flush(); err != nil {
		return nil, &writeError{err}
	}
	pr.meta.Bytes = cw.n
	ib, err := json.Marshal(index)
	if err != nil {
		return nil, &writeError{err}
	}
	if _, err := idx.Write(append(ib, '\n')); err != nil {
		return nil, &writeError{err}
	}
	if err := idx.Sync(); err != nil {
		return nil, &writeError{err}
	}
	return pr, nil
}

// Reader reads a stored result, row by row. It is not safe for concurrent use; Close it.
type Reader struct {
	cols []string
	f    *os.File
	zr   *gzip.Reader
	dec  *json.Decoder
	left int64 // rows still to read
	cur  []any
	err  error
}

// OpenResult opens the stored rows of a FINISHED query (other statuses give
// ErrInvalidQueryStatus). The CLI prints a whole result with it.
func (s *Store) OpenResult(ctx context.Context, id string) (*Reader, error) {
	rec, meta, err := s.finished(ctx, id)
	if err != nil {
		return nil, err
	}
	return openResult(s.queryDir(rec.QueryID), meta, 0, meta.Rows)
}

// finished returns a FINISHED query's record and result.
func (s *Store) finished(ctx context.Context, id string) (*Record, *resultMeta, error) {
	rec, err := s.Describe(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if rec.QueryStatus != Finished {
		return rec, nil, fmt.Errorf("query %s: %w: it is %s, not FINISHED", id, ErrInvalidQueryStatus, rec.QueryStatus)
	}
	st, err := s.load(id)
	if err != nil {
		return nil, nil, err
	}
	if st.Result == nil {
		return nil, nil, fmt.Errorf("query %s: %w: FINISHED without a result", id, ErrCorrupt)
	}
	return rec, st.Result, nil
}

// openResult opens the result in dir at row offset, to read at most limit rows.
func openResult(dir string, meta *resultMeta, offset, limit int64) (*Reader, error) {
	path := filepath.Join(dir, meta.File)
	if meta.File != resultFile {
		return nil, fmt.Errorf("%s: %w: result file %q", dir, ErrCorrupt, meta.File)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open result: %w", err)
	}
	r := &Reader{cols: meta.Columns, f: f, left: max(0, min(limit, meta.Rows-offset))}
	if r.left == 0 {
		return r, nil
	}
	if err := r.seek(dir, meta, offset); err != nil {
		f.Close()
		return nil, fmt.Errorf("open result %s: %w", path, err)
	}
	return r, nil
}

func (r *Reader) seek(dir string, meta *resultMeta, offset int64) error {
	skip := offset
	if offset > 0 {
		var idx resultIndex
		if err := atomicfile.ReadJSON(filepath.Join(dir, indexFile), &idx); err != nil {
			return err
		}
		block := offset / int64(max(idx.BlockRows, 1))
		if idx.BlockRows != meta.BlockRows || block >= int64(len(idx.Offsets)) {
			return fmt.Errorf("%w: index does not cover row %d", ErrCorrupt, offset)
		}
		if _, err := r.f.Seek(idx.Offsets[block], io.SeekStart); err != nil {
			return err
		}
		skip = offset - block*int64(idx.BlockRows)
	}
	br := bufio.NewReaderSize(r.f, 1<<16)
	zr, err := gzip.NewReader(br)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	r.zr = zr
	lines := bufio.NewReaderSize(zr, 1<<16)
	if offset == 0 {
		line, err := lines.ReadBytes('\n')
		if err != nil {
			return fmt.Errorf("%w: header: %v", ErrCorrupt, err)
		}
		var h resultHeader
		if err := json.Unmarshal(line, &h); err != nil || h.Format != resultFormat || len(h.Columns) != len(meta.Columns) {
			return fmt.Errorf("%w: bad header", ErrCorrupt)
		}
	}
	for ; skip > 0; skip-- {
		if err := skipLine(lines); err != nil {
			return fmt.Errorf("%w: skip rows: %v", ErrCorrupt, err)
		}
	}
	r.dec = json.NewDecoder(lines)
	r.dec.UseNumber()
	return nil
}

func skipLine(br *bufio.Reader) error {
	for {
		_, err := br.ReadSlice('\n')
		if !errors.Is(err, bufio.ErrBufferFull) {
			return err
		}
	}
}

// Columns returns the column names, in order.
func (r *Reader) Columns() []string { return r.cols }

// ColumnNames is Columns (the CLI's formatters read this name).
func (r *Reader) ColumnNames() []string { return r.cols }

// Next advances to the next row; false at the end or on an error (see Err).
func (r *Reader) Next() bool {
	if r.left <= 0 || r.err != nil {
		return false
	}
	var row []any
	if err := r.dec.Decode(&row); err != nil {
		r.err = fmt.Errorf("read result: %w: %v", ErrCorrupt, err)
		return false
	}
	if len(row) != len(r.cols) {
		r.err = fmt.Errorf("read result: %w: a row has %d values for %d columns", ErrCorrupt, len(row), len(r.cols))
		return false
	}
	r.cur = row
	r.left--
	return true
}

// Values returns the current row: nil, string, bool, json.Number, map[string]any or []any
// per column. The slice is the caller's.
func (r *Reader) Values() []any { return r.cur }

// Text returns the current row as Lake's strings (see Text).
func (r *Reader) Text() []string {
	out := make([]string, len(r.cur))
	for i, v := range r.cur {
		out[i] = Text(v)
	}
	return out
}

// Err returns the error that ended Next early.
func (r *Reader) Err() error { return r.err }

// Close releases the file.
func (r *Reader) Close() error {
	if r.zr != nil {
		r.zr.Close()
	}
	return r.f.Close()
}
