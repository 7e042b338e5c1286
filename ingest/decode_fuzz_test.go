package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"testing/iotest"
	"time"
)

// decodeFixtures returns the contents of testdata/decode-*.
func decodeFixtures(t testing.TB) map[string][]byte {
	t.Helper()
	names, err := filepath.Glob("testdata/decode-*")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(n)] = b
	}
	return out
}

var decodeSeeds = []string{
	`{"Records":[{"a":1},{"b":[1,2,{"c":"\"}"}]}]}`,
	`{"x":1,"Records":[{"a":1},2,null],"y":{}}`,
	"[{\"a\":1},\n{\"b\":2}]",
	"{\"a\":1}\n{\"b\":2}\r\n\n",
	"{\"a\":1}\nnot json\n{\"b\":",
	"\xef\xbb\xbf{\"a\":1}",
	"{\n \"a\": 1\n}\n{\n \"b\": 2\n}",
	"{\"a\":[1,\n{\"b\":2}\n",
	`[{"a":-0.5e+3,"b":true,"c":false,"d":null,"e":"\u00e9\n"}]`,
	"Event Type,Event Name\nAwsApiCall,ListObjects\n",
	"",
	"[",
	`{"Records":`,
	`{"Records":[{}]}{"Records":[{}]} `,
}

func FuzzDecode(f *testing.F) {
	for _, s := range decodeSeeds {
		f.Add([]byte(s))
	}
	for _, b := range decodeFixtures(f) {
		f.Add(b)
	}
	f.Add(gzipBytes(f, decodeSeeds[0]))
	f.Add(gzipBytes(f, decodeSeeds[3], decodeSeeds[4]))
	f.Fuzz(func(t *testing.T, data []byte) {
		// A hang would stall the fuzzer silently: make it a crash that records the input.
		tm := time.AfterFunc(10*time.Second, func() { panic(fmt.Sprintf("decode hangs on %q", data)) })
		defer tm.Stop()
		d := decodeBytes("fuzz", data, nil, minBufSize, maxBufSize)
		checkDecoded(t, data, d)
		// The whole-file paths of DecodeFile find the same, to the letter.
		for _, goInflate := range []bool{false, true} {
			var got decodeResult
			dc := &Decoder{goInflate: goInflate}
			keep := func(r Record) error {
				if !r.Stable {
					r.Raw = bytes.Clone(r.Raw)
				}
				got.recs = append(got.recs, r)
				return nil
			}
			bad := func(re RecordError) { got.bad = append(got.bad, re) }
			if len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b {
				got.err = dc.decodeGzip(context.Background(), "fuzz", data, keep, bad)
			} else {
				got.err = dc.decodeWhole(context.Background(), "fuzz", bytes.Clone(data), keep, bad)
			}
			if fmt.Sprint(got.got(), got.gotBad(), got.err) != fmt.Sprint(d.got(), d.gotBad(), d.err) {
				t.Fatalf("whole file (Go inflate %v): got %v %v %v\nwant %v %v %v", goInflate, got.got(), got.gotBad(), got.err, d.got(), d.gotBad(), d.err)
			}
		}
		// Refills anywhere and short reads must not change anything.
		for _, bs := range []int{1, 5, 64} {
			for _, r := range []io.Reader{iotest.OneByteReader(bytes.NewReader(data)), iotest.HalfReader(bytes.NewReader(data))} {
				got := decodeBytes("fuzz", data, r, bs, bs)
				if fmt.Sprint(got.got(), got.gotBad()) != fmt.Sprint(d.got(), d.gotBad()) || errText(got.err) != errText(d.err) {
					t.Fatalf("buffer %d: got %v %v %v\nwant %v %v %v", bs, got.got(), got.gotBad(), got.err, d.got(), d.gotBad(), d.err)
				}
			}
		}
	})
}

// checkDecoded checks what Decode must always hold, and compares with encoding/json where
// the input is plainly valid.
func checkDecoded(t *testing.T, data []byte, d decodeResult) {
	t.Helper()
	var idx []int
	line := 0
	for _, r := range d.recs {
		if len(r.Raw) < 2 || r.Raw[0] != '{' || r.Raw[len(r.Raw)-1] != '}' || !json.Valid(r.Raw) {
			t.Fatalf("record %d is not a JSON object: %q", r.Index, r.Raw)
		}
		if r.Line < line || r.Line < 1 {
			t.Fatalf("record %d: line %d after line %d", r.Index, r.Line, line)
		}
		line = r.Line
		idx = append(idx, r.Index)
	}
	for _, b := range d.bad {
		if !errors.Is(b, ErrBadRecord) || b.Line < 1 {
			t.Fatalf("bad record %v", b)
		}
		idx = append(idx, b.Index)
	}
	sort.Ints(idx)
	for i, x := range idx {
		if x != i {
			t.Fatalf("record indexes %v are not 0..n-1", idx)
		}
	}
	if d.err != nil && !errors.Is(d.err, ErrBadFile) && !errors.Is(d.err, ErrTruncated) {
		t.Fatalf("error %v wraps neither ErrBadFile nor ErrTruncated", d.err)
	}

	plain := bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(plain) > 0 && plain[0] == 0x1f {
		return // maybe gzip
	}
	if json.Valid(plain) {
		switch first := bytes.TrimLeft(plain, " \t\r\n"); first[0] {
		case '[':
			// A top-level array: every element is a record or a bad record.
			var elems []json.RawMessage
			if err := json.Unmarshal(plain, &elems); err != nil {
				t.Fatal(err)
			}
			objects := 0
			for _, e := range elems {
				if bytes.HasPrefix(e, []byte("{")) {
					objects++
				}
			}
			if d.err != nil || len(d.recs) != objects || len(d.bad) != len(elems)-objects {
				t.Fatalf("array of %d elements, %d objects: got %d records, %d bad, %v", len(elems), objects, len(d.recs), len(d.bad), d.err)
			}
		case '{':
			if d.err != nil {
				t.Fatalf("valid JSON object: %v", d.err)
			}
		default:
			if !errors.Is(d.err, ErrBadFile) {
				t.Fatalf("valid JSON that is not an object or an array: %v", d.err)
			}
		}
		return
	}
	// JSON Lines where every line is an object: every line is a record.
	if bytes.Contains(plain, []byte("Records")) {
		return
	}
	n := 0
	for _, l := range bytes.Split(plain, []byte("\n")) {
		l = bytes.Trim(l, " \t\r")
		if len(l) == 0 {
			continue
		}
		if l[0] != '{' || !json.Valid(l) {
			return
		}
		n++
	}
	if n > 0 && (d.err != nil || len(d.bad) != 0 || len(d.recs) != n) {
		t.Fatalf("%d JSON lines: got %d records, %d bad, %v", n, len(d.recs), len(d.bad), d.err)
	}
}
