package results

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ctlake/ctlake/internal/atomicfile"
)

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

func TestResultFileRoundTrip(t *testing.T) {
	s, _ := newTestStore(t)
	ts := time.Date(2026, 3, 1, 12, 0, 0, 5_000_000, time.UTC)
	cols := []string{"z_first", "a_second", "eventTime", "nested", "n", "f", "dec", "flag", "empty", "null"}
	rows := [][]any{
		{"x", "line1\nline2,\"q\"", ts, map[string]any{"type": "IAMUser", "arn": "arn:aws:iam::1:user/a", "list": []any{int64(1), nil}}, int64(math.MaxInt64), 0.25, json.Number("10.00"), true, "", nil},
		{"y", "ü日本", ts.Add(time.Hour), []any{}, int64(-1), math.NaN(), json.Number("-0.5"), false, "", nil},
	}
	rec := runQuery(t, s, cols, rows)
	gcols, grows := allText(t, s, rec.QueryID)
	if !slices.Equal(gcols, cols) {
		t.Errorf("columns %v, want %v (order kept)", gcols, cols)
	}
	if fmt.Sprint(grows) != fmt.Sprint(textRows(rows)) {
		t.Errorf("rows:\n got %q\nwant %q", grows, textRows(rows))
	}
	// Typed values survive for JSON printers.
	r, _ := s.OpenResult(context.Background(), rec.QueryID)
	defer r.Close()
	r.Next()
	v := r.Values()
	if v[4] != json.Number("9223372036854775807") || v[7] != true || v[9] != nil {
		t.Errorf("typed values: %#v", v)
	}
	if m, ok := v[3].(map[string]any); !ok || m["type"] != "IAMUser" {
		t.Errorf("nested value: %#v", v[3])
	}
}

// The stored file is plain gzip JSON lines, readable without ctlake.
func TestResultFileIsGzipJSONLines(t *testing.T) {
	s, _ := newTestStore(t)
	cols, rows := numberedRows(2500)
	rec := runQuery(t, s, cols, rows)
	f, err := os.Open(filepath.Join(s.queryDir(rec.QueryID), resultFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f) // the standard library's, multistream
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	var lines []string
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(lines) != 2501 {
		t.Fatalf("%d lines, want header + 2500", len(lines))
	}
	if lines[0] != `{"ctlakeResult":1,"columns":["n","name","eventTime","missing","nested"]}` {
		t.Errorf("header %s", lines[0])
	}
	if lines[1235] != `[1234,"row-1234","2026-03-01 12:20:34.000",null,{"k":1234}]` {
		t.Errorf("row 1234: %s", lines[1235])
	}
	var idx resultIndex
	if err := atomicfile.ReadJSON(filepath.Join(s.queryDir(rec.QueryID), indexFile), &idx); err != nil {
		t.Fatal(err)
	}
	if idx.BlockRows != 1000 || len(idx.Offsets) != 3 {
		t.Errorf("index %+v, want 3 blocks of 1000", idx)
	}
}

func TestOpenResultAtOffsets(t *testing.T) {
	s, _ := newTestStore(t)
	cols, rows := numberedRows(2345)
	rec := runQuery(t, s, cols, rows)
	st := readStored(t, s, rec.QueryID)
	want := textRows(rows)
	for _, tc := range []struct{ off, limit, n int64 }{
		{0, 5, 5}, {999, 3, 3}, {1000, 1000, 1000}, {1500, 1000, 845}, {2344, 10, 1}, {2345, 10, 0}, {3000, 10, 0},
	} {
		r, err := openResult(s.queryDir(rec.QueryID), st.Result, tc.off, tc.limit)
		if err != nil {
			t.Fatalf("offset %d: %v", tc.off, err)
		}
		var got [][]string
		for r.Next() {
			got = append(got, r.Text())
		}
		r.Close()
		if r.Err() != nil || int64(len(got)) != tc.n {
			t.Errorf("offset %d limit %d: %d rows (%v), want %d", tc.off, tc.limit, len(got), r.Err(), tc.n)
			continue
		}
		if tc.n > 0 && fmt.Sprint(got) != fmt.Sprint(want[tc.off:tc.off+tc.n]) {
			t.Errorf("offset %d: wrong rows", tc.off)
		}
	}
}

func TestResultFileEmptyAndCorrupt(t *testing.T) {
	s, _ := newTestStore(t)
	rec := runQuery(t, s, []string{"a"}, nil)
	if cols, rows := allText(t, s, rec.QueryID); !slices.Equal(cols, []string{"a"}) || len(rows) != 0 {
		t.Errorf("empty result: %v %v", cols, rows)
	}

	cols, rows := numberedRows(10)
	rec = runQuery(t, s, cols, rows)
	path := filepath.Join(s.queryDir(rec.QueryID), resultFile)
	os.WriteFile(path, []byte("not gzip"), 0o644)
	_, err := s.OpenResult(context.Background(), rec.QueryID)
	mustIs(t, err, ErrCorrupt)

	// A truncated file reads as corrupt, not as fewer rows.
	rec = runQuery(t, s, cols, rows)
	path = filepath.Join(s.queryDir(rec.QueryID), resultFile)
	data, _ := os.ReadFile(path)
	os.WriteFile(path, data[:len(data)-30], 0o644)
	r, err := s.OpenResult(context.Background(), rec.QueryID)
	if err == nil {
		for r.Next() {
		}
		err = r.Err()
		r.Close()
	}
	if !errors.Is(err, ErrCorrupt) {
		t.Errorf("truncated result: %v", err)
	}
}

type failWriterRows struct{ *fakeRows }

// A value encoding/json refuses fails the write and the query, and Finish says so.
func TestResultWriteError(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	rec, _ := s.Create(ctx, "SELECT 1", "sql", nil, "")
	bad := map[string]any{"c": make(chan int)}
	got, err := s.Finish(ctx, rec.QueryID, failWriterRows{newFakeRows([]string{"a"}, [][]any{{bad}})}, nil)
	if err == nil || got.QueryStatus != Failed || !strings.Contains(got.ErrorMessage, "store results") {
		t.Errorf("got %+v, %v", got, err)
	}
}

func BenchmarkWriteResult(b *testing.B) {
	s, _ := newTestStore(b)
	cols, rows := numberedRows(10000)
	b.ReportAllocs()
	for b.Loop() {
		rec, _ := s.Create(context.Background(), "SELECT 1", "sql", nil, "")
		if _, err := s.Finish(context.Background(), rec.QueryID, newFakeRows(cols, rows), nil); err != nil {
			b.Fatal(err)
		}
	}
}
