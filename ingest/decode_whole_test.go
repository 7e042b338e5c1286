package ingest

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ctlake/ctlake/internal/inflate"
)

// decodeFile decodes data written to a file with DecodeFile; goInflate gunzips with the Go
// reader even where libdeflate is there.
func decodeFile(t *testing.T, name string, data []byte, goInflate bool) decodeResult {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var d decodeResult
	dc := &Decoder{goInflate: goInflate}
	d.err = dc.DecodeFile(context.Background(), name, f, func(r Record) error {
		if !r.Stable {
			r.Raw = bytes.Clone(r.Raw)
		}
		d.recs = append(d.recs, r)
		return nil
	}, func(re RecordError) { d.bad = append(d.bad, re) })
	return d
}

// TestDecodeFile: DecodeFile finds the same records, bad records and file error (to the
// letter) as the streaming Decode, whether it reads the file whole or falls back; the records
// of a file read whole are Stable and stay intact after the call.
func TestDecodeFile(t *testing.T) {
	var lines strings.Builder
	for i := range 3000 {
		fmt.Fprintf(&lines, `{"eventTime":"2024-01-01T00:00:00Z","n":%d,"pad":"%s"}`+"\n", i, strings.Repeat("x", i%70))
	}
	jsonl := lines.String()
	trail := `{"Records":[` + strings.ReplaceAll(strings.TrimSuffix(jsonl, "\n"), "\n", ",") + `]}`
	full := gzipBytes(t, trail)
	crc := bytes.Clone(full)
	crc[len(crc)-6] ^= 0xff
	size := bytes.Clone(full)
	size[len(size)-1] ^= 0x01 // ISIZE no longer the content's size
	huge := bytes.Clone(full)
	binary.LittleEndian.PutUint32(huge[len(huge)-4:], 400<<20) // more than the data can inflate to
	cases := []struct {
		name   string
		data   []byte
		stable bool // read whole: records are Stable
	}{
		{"lines.jsonl", []byte(jsonl), true},
		{"trail.json", []byte(trail), true},
		{"bom.json", []byte(utf8BOM + trail), true},
		{"array.json", []byte("[" + strings.ReplaceAll(strings.TrimSuffix(jsonl, "\n"), "\n", ",") + "]"), true},
		{"messy.jsonl", []byte("{\"a\":1}\nnot json\n\n{\"b\":2}\n[1]\n{\"c\":"), true},
		{"x.csv", []byte("Event Type,Event Name\n"), true},
		{"trail.json.gz", full, true},
		{"lines.json.gz", gzipBytes(t, jsonl), true},
		{"empty.json.gz", gzipBytes(t, ""), true},
		{"multi.json.gz", gzipBytes(t, jsonl[:len(jsonl)/2+7], jsonl[len(jsonl)/2+7:]), false},
		{"twice.json.gz", gzipBytes(t, jsonl, jsonl), false}, // members of one size: the trailer fits the first
		{"cut.json.gz", full[:len(full)/2], false},
		{"cut-trailer.json.gz", full[:len(full)-3], false},
		{"crc.json.gz", crc, false},
		{"isize.json.gz", size, false},
		{"huge.json.gz", huge, false},
		{"header.json.gz", []byte{0x1f, 0x8b, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9}, false},
		{"one.json", []byte("{"), false},
		{"empty.json", nil, false},
	}
	ways := []bool{true}
	if inflate.Available() {
		ways = append(ways, false)
	} else {
		t.Log("libdeflate is not available: only the Go reader is tested")
	}
	for _, c := range cases {
		for _, goInflate := range ways {
			t.Run(fmt.Sprintf("%s go=%v", c.name, goInflate), func(t *testing.T) {
				want := decodeBytes(c.name, c.data, nil, minBufSize, maxBufSize)
				got := decodeFile(t, c.name, c.data, goInflate)
				if fmt.Sprint(got.got(), got.gotBad()) != fmt.Sprint(want.got(), want.gotBad()) {
					t.Fatalf("records differ: got %d records %v bad, want %d records %v bad", len(got.recs), got.gotBad(), len(want.recs), want.gotBad())
				}
				if fmt.Sprint(got.err) != fmt.Sprint(want.err) {
					t.Fatalf("error %v, want %v", got.err, want.err)
				}
				for _, r := range got.recs {
					if r.Stable != c.stable {
						t.Fatalf("record %d: Stable %v, want %v", r.Index, r.Stable, c.stable)
					}
				}
			})
		}
	}
}
