package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/ctlake/ctlake/store"
	"github.com/ctlake/ctlake/testdata/gen"
)

// TestRunStoresEveryRecordIntact: every record of a set of trail files is stored byte for
// byte as its eventJson, with its checksum, after many small batches. Trail files are read
// whole and their records kept without a copy (Record.Stable), so this is what shows that
// nothing a later file or batch does changes an earlier record. A multi-member gzip file and
// a JSON Lines file larger than a decode buffer go through the streaming path beside them.
func TestRunStoresEveryRecordIntact(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	trail := filepath.Join(dir, "trail")
	start := time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -3)
	if _, err := gen.Generate(ctx, gen.Config{Events: 30_000, Seed: 7, Start: start, Days: 2, Workers: 2}, trail); err != nil {
		t.Fatal(err)
	}
	// The raw records, as the streaming decoder finds them.
	want := map[string]int{}
	var files []string
	err := filepath.WalkDir(trail, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var lines bytes.Buffer // the records of two files again, as one JSON Lines file
	for i, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		err = Decode(ctx, p, bytes.NewReader(data), func(r Record) error {
			want[string(r.Raw)]++
			if i < 2 {
				lines.Write(r.Raw)
				lines.WriteByte('\n')
			}
			return nil
		}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if i == 2 { // and one file again after another gzip member
			data = append(gzipBytes(t, "{\"Records\":[]}\n"), data...)
			if err := os.WriteFile(filepath.Join(dir, "members.json.gz"), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "lines.jsonl"), lines.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	st, err := store.Open(filepath.Join(dir, "home"))
	if err != nil {
		t.Fatal(err)
	}
	sels, err := store.ParseSelectors([]byte(gen.Selectors))
	if err != nil {
		t.Fatal(err)
	}
	eds, err := st.CreateEDS(ctx, store.CreateInput{Name: "intact", AdvancedEventSelectors: sels})
	if err != nil {
		t.Fatal(err)
	}
	// The copies in lines.jsonl and members.json.gz are duplicates: they add nothing.
	paths := []string{trail, filepath.Join(dir, "lines.jsonl"), filepath.Join(dir, "members.json.gz")}
	imp, failures, err := Run(ctx, st, Options{EDS: eds.ID(), Paths: paths, BatchEvents: 1000, Workers: 2})
	if err != nil || len(failures) > 0 {
		t.Fatalf("run: %v, %d failures: %v", err, len(failures), failures)
	}
	if got := imp.ImportStatistics.EventsCompleted; got != int64(len(want)) {
		t.Fatalf("stored %d events, want %d", got, len(want))
	}

	snap, err := st.Snapshot(ctx, eds.ID())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range snap.Files {
		raws := readColumn(t, filepath.Join(snap.Dir, f.Path), "eventJson")
		sums := readColumn(t, filepath.Join(snap.Dir, f.Path), "eventJsonChecksum")
		if len(raws) != len(sums) || int64(len(raws)) != f.Rows {
			t.Fatalf("%s: %d rows, %d eventJson, %d checksums", f.Path, f.Rows, len(raws), len(sums))
		}
		for i, raw := range raws {
			if want[raw] == 0 {
				t.Fatalf("%s row %d: eventJson is not one of the records: %.120s", f.Path, i, raw)
			}
			delete(want, raw)
			sum := sha256.Sum256([]byte(raw))
			if sums[i] != hex.EncodeToString(sum[:]) {
				t.Fatalf("%s row %d: checksum %s is not the record's", f.Path, i, sums[i])
			}
			n++
		}
	}
	if len(want) != 0 {
		t.Fatalf("%d records stored, %d missing", n, len(want))
	}
}

// readColumn reads the values (not the nulls) of a string column of a Parquet file.
func readColumn(t *testing.T, path, name string) []string {
	t.Helper()
	r, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	idx := r.MetaData().Schema.ColumnIndexByName(name)
	if idx < 0 {
		t.Fatalf("%s: no column %s", path, name)
	}
	var out []string
	vals := make([]parquet.ByteArray, 1024)
	defs := make([]int16, 1024)
	reps := make([]int16, 1024)
	for g := 0; g < r.NumRowGroups(); g++ {
		col, err := r.RowGroup(g).Column(idx)
		if err != nil {
			t.Fatal(err)
		}
		cr := col.(*file.ByteArrayColumnChunkReader)
		for cr.HasNext() {
			_, n, err := cr.ReadBatch(int64(len(vals)), vals, defs, reps)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range vals[:n] {
				out = append(out, string(v))
			}
		}
	}
	return out
}

// TestRunKeepsNothingOfSkippedRecords: a record that is skipped (bad, filtered out, out of
// the time range) is counted as such and leaves nothing behind in the events stored around
// it, though the worker parses them all with the same Parser and keeps them in one slab.
func TestRunKeepsNothingOfSkippedRecords(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	now := time.Now().UTC().Truncate(time.Hour).Add(-24 * time.Hour)
	ts := func(d time.Duration) string { return now.Add(d).Format(time.RFC3339) }
	skipped := `"errorCode":"E","sourceIPAddress":"192.0.2.1","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/x"},` +
		`"requestParameters":{"k":"v"},"resources":[{"ARN":"arn:aws:s3:::b","type":"AWS::S3::Bucket"}],"readOnly":true`
	var lines strings.Builder
	kept := 0
	for i := range 600 {
		switch i % 4 {
		case 0: // bad: no eventTime, after every other field was read
			fmt.Fprintf(&lines, `{"eventName":"Bad",%s}`+"\n", skipped)
		case 1: // filtered out: a data event, the store logs management events
			fmt.Fprintf(&lines, `{"eventTime":%q,"eventName":"GetObject","eventCategory":"Data","managementEvent":false,%s}`+"\n", ts(0), skipped)
		case 2: // before --start-time
			fmt.Fprintf(&lines, `{"eventTime":%q,"eventName":"Early","eventCategory":"Management",%s}`+"\n", ts(-2*time.Hour), skipped)
		default:
			fmt.Fprintf(&lines, `{"eventTime":%q,"eventName":"Kept","eventCategory":"Management","eventID":"kept-%d"}`+"\n", ts(time.Duration(i)*time.Second), i)
			kept++
		}
	}
	path := filepath.Join(dir, "mixed.jsonl")
	if err := os.WriteFile(path, []byte(lines.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(filepath.Join(dir, "home"))
	if err != nil {
		t.Fatal(err)
	}
	eds, err := st.CreateEDS(ctx, store.CreateInput{Name: "skips"})
	if err != nil {
		t.Fatal(err)
	}
	start := now.Add(-time.Hour)
	imp, failures, err := Run(ctx, st, Options{EDS: eds.ID(), Paths: []string{path}, Start: &start})
	if err != nil {
		t.Fatal(err)
	}
	s := imp.ImportStatistics
	if s.EventsCompleted != int64(kept) || len(failures) != 150 || s.EventsFiltered != 150 || s.EventsOutOfRange != 150 {
		t.Fatalf("stored %d of %d, %d failures, %d filtered, %d out of range", s.EventsCompleted, kept, len(failures), s.EventsFiltered, s.EventsOutOfRange)
	}
	snap, err := st.Snapshot(ctx, eds.ID())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range snap.Files {
		p := filepath.Join(snap.Dir, f.Path)
		for _, col := range []string{"errorCode", "sourceIPAddress", "userIdentity.type", "userIdentity.arn",
			"requestParameters.key_value.key", "resources.list.element.ARN"} {
			if got := readColumn(t, p, col); len(got) != 0 {
				t.Errorf("%s: %d values of a skipped record, e.g. %q", col, len(got), got[0])
			}
		}
		for _, name := range readColumn(t, p, "eventName") {
			if name != "Kept" {
				t.Fatalf("eventName %q stored", name)
			}
		}
	}
}
