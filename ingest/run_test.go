package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
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
		raws, sums := readColumns(t, filepath.Join(snap.Dir, f.Path), "eventJson", "eventJsonChecksum")
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

// readColumns reads two string columns of a Parquet file.
func readColumns(t *testing.T, path, a, b string) (as, bs []string) {
	t.Helper()
	r, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	read := func(g int, name string) []string {
		idx := r.MetaData().Schema.ColumnIndexByName(name)
		col, err := r.RowGroup(g).Column(idx)
		if err != nil {
			t.Fatal(err)
		}
		cr := col.(*file.ByteArrayColumnChunkReader)
		var out []string
		vals := make([]parquet.ByteArray, 1024)
		defs := make([]int16, 1024)
		for cr.HasNext() {
			_, n, err := cr.ReadBatch(int64(len(vals)), vals, defs, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range vals[:n] {
				out = append(out, string(v))
			}
		}
		return out
	}
	for g := 0; g < r.NumRowGroups(); g++ {
		as, bs = append(as, read(g, a)...), append(bs, read(g, b)...)
	}
	if len(as) != len(bs) {
		t.Fatalf("%s: %d %s and %d %s", path, len(as), a, len(bs), b)
	}
	return as, bs
}
