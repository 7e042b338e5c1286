package store

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ctlake/ctlake/internal/atomicfile"

	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/metadata"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/apache/arrow-go/v18/parquet/schema"
	"github.com/google/uuid"
	"golang.org/x/sync/errgroup"
)

// rowGroupRows bounds a row group: large enough for good compression, small enough that
// DuckDB can split a day's file across threads.
const rowGroupRows = 128 * 1024

// writerProps: zstd at its fastest level with 2 MB pages. Rows are sorted by eventSource,
// eventName, eventTime (see sortForStorage), which puts similar events next to each other; on
// generated trail data (one day, 99k events) that measured 229 bytes/event at ~95k events/s
// per core, against 268 bytes/event at ~29k events/s for eventTime order at levels 3/6 — and
// gzip JSON of the same events is 255 bytes/event. Pages of 8 MB store 1% less than 2 MB
// ones (1M generated events: 234 against 236 bytes/event) but each column writer then grows
// several 8 MB buffers per file, which cost more in page faults and cache misses than the
// compression gains (peak RSS 2.4-2.7 GB against 2.1-2.2 GB, and more CPU).
func writerProps() *parquet.WriterProperties {
	opts := []parquet.WriterProperty{
		parquet.WithCompression(compress.Codecs.Zstd),
		parquet.WithCompressionLevel(1),
		parquet.WithDataPageSize(2 << 20),
		// Dictionaries help every column but the unique ones.
		parquet.WithDictionaryDefault(true),
		parquet.WithDictionaryFor("eventJson", false),
		parquet.WithDictionaryFor("eventJsonChecksum", false),
		parquet.WithDictionaryFor("eventID", false),
		parquet.WithDictionaryFor("requestID", false),
		parquet.WithStats(true),
		parquet.WithMaxRowGroupLength(rowGroupRows),
		parquet.WithCreatedBy("ctlake"),
		parquet.WithAllocator(arrowMem),
	}
	return parquet.NewWriterProperties(opts...)
}

// writeParquet writes events (all of one UTC day) as one Parquet file under dir/rel,
// atomically, in storage order. It returns the file's manifest entry.
func writeParquet(ctx context.Context, dir, rel string, events []*Event) (FileInfo, error) {
	sortForStorage(events)
	return writeParquetWith(ctx, dir, rel, events, writerProps())
}

// sortForStorage orders a file's rows by eventSource, eventName, eventTime: it compresses the
// raw events far better than time order, and row-group statistics on eventSource and eventName
// let DuckDB skip row groups for the usual "this service, this API" filters. Time pruning is
// per file (one day each), so it loses little.
//
// The (eventSource, eventName) pairs are ranked first, so the sort compares integers: compared
// as strings at every step, they made the sort chase pointers into events spread over the heap.
func sortForStorage(events []*Event) {
	type pair struct{ source, name string }
	ranks := map[pair]int{}
	for _, e := range events {
		ranks[pair{e.EventSource, e.EventName}] = 0
	}
	pairs := make([]pair, 0, len(ranks))
	for p := range ranks {
		pairs = append(pairs, p)
	}
	slices.SortFunc(pairs, func(a, b pair) int {
		if c := strings.Compare(a.source, b.source); c != 0 {
			return c
		}
		return strings.Compare(a.name, b.name)
	})
	for i, p := range pairs {
		ranks[p] = i
	}
	type sortKey struct {
		rank, nsec int
		sec        int64
		ev         *Event
	}
	keys := make([]sortKey, len(events))
	for i, e := range events {
		keys[i] = sortKey{ranks[pair{e.EventSource, e.EventName}], e.EventTime.Nanosecond(), e.EventTime.Unix(), e}
	}
	slices.SortFunc(keys, func(a, b sortKey) int {
		if a.rank != b.rank {
			return a.rank - b.rank
		}
		if a.sec != b.sec {
			return cmp.Compare(a.sec, b.sec)
		}
		return a.nsec - b.nsec
	})
	for i := range keys {
		events[i] = keys[i].ev
	}
}

func writeParquetWith(ctx context.Context, dir, rel string, events []*Event, props *parquet.WriterProperties) (FileInfo, error) {
	path := filepath.Join(dir, rel)
	af, err := atomicfile.Create(path)
	if err != nil {
		return FileInfo{}, err
	}
	// The Parquet writer closes its sink; hide Close so Commit can fsync the file.
	// An empty key-value list in the footer, as pqarrow writes it.
	fw, err := file.NewParquetWriterWithError(struct{ io.Writer }{af}, parquetSchema.Root(), file.WithWriterProps(props),
		file.WithWriteMetadata(make(metadata.KeyValueMetadata, 0)))
	if err != nil {
		af.Abort()
		return FileInfo{}, err
	}
	for start := 0; start < len(events); start += rowGroupRows {
		if err := ctx.Err(); err != nil {
			fw.Close()
			af.Abort()
			return FileInfo{}, err
		}
		end := min(start+rowGroupRows, len(events))
		if err := writeRowGroup(fw, events[start:end]); err != nil {
			fw.Close()
			af.Abort()
			return FileInfo{}, fmt.Errorf("write %s: %w", rel, err)
		}
	}
	if err := fw.Close(); err != nil {
		af.Abort()
		return FileInfo{}, fmt.Errorf("write %s: %w", rel, err)
	}
	if err := af.Commit(); err != nil {
		return FileInfo{}, fmt.Errorf("commit %s: %w", rel, err)
	}
	lo, hi := events[0].EventTime, events[0].EventTime
	for i := range events {
		if t := events[i].EventTime; t.Before(lo) {
			lo = t
		} else if t.After(hi) {
			hi = t
		}
	}
	st, err := os.Stat(path)
	if err != nil {
		return FileInfo{}, err
	}
	return FileInfo{
		Path:    rel,
		Day:     events[0].Day(),
		Rows:    int64(len(events)),
		Bytes:   st.Size(),
		MinTime: lo.UTC(),
		MaxTime: hi.UTC(),
	}, nil
}

// parquetSchema is arrowSchema as pqarrow converts it: the schema of every file, whichever
// writer (leaves or compaction's pqarrow) wrote it.
var parquetSchema = func() *schema.Schema {
	s, err := pqarrow.ToParquet(arrowSchema, writerProps(), pqarrow.DefaultWriterProps())
	if err != nil {
		panic(err)
	}
	return s
}()

// writeChunk is how many events the row-group writer hands to each column at a time. Going
// column by column over a whole row group would read every event once per leaf column (69
// times) from all over the heap — sorted events are in no memory order — and those cache and
// TLB misses cost more than the encoding; a chunk's events stay in the CPU caches while all
// the columns take their part.
const writeChunk = 256

// leafGroups splits the leaf columns among goroutines: the columns of a row group are
// independent until it is closed, and a batch is often one day, so one file, which one core
// alone would write while the other waited. The first group holds the columns of unique
// values (the raw event, its checksum, the ids: plain encoding and most of the compression),
// the others share the dictionary columns. Each group feeds a chunk to its columns in turn.
var leafGroups = func() [][]int {
	const dictGroups = 2
	groups := make([][]int, 1+dictGroups)
	n := 0
	for i, l := range leaves {
		switch l.path {
		case "eventJson":
			// First: copying the raw events into eventJson's page pulls them into the cache in
			// one sweep, for its group's next columns (see warm for the other groups).
			groups[0] = append([]int{i}, groups[0]...)
		case "eventJsonChecksum", "eventID", "requestID":
			groups[0] = append(groups[0], i)
		default:
			groups[1+n%dictGroups] = append(groups[1+n%dictGroups], i)
			n++
		}
	}
	return groups
}()

// writeRowGroup writes events as one row group, writeChunk events at a time into every leaf
// column, the leafGroups concurrently (the buffered row-group writer keeps the columns open
// and lays them out in order when it closes).
func writeRowGroup(fw *file.Writer, events []*Event) error {
	rgw, err := fw.AppendBufferedRowGroupChecked()
	if err != nil {
		return err
	}
	cols := make([]file.ColumnChunkWriter, len(leaves))
	for i, l := range leaves {
		if cols[i], err = rgw.Column(i); err != nil {
			return err
		}
		if p := cols[i].Descr().Path(); p != l.path {
			return fmt.Errorf("column %s: the writer has %s", p, l.path)
		}
	}
	limit := int(fw.Properties().DictionaryPageSizeLimit())
	var g errgroup.Group
	for gi, group := range leafGroups {
		g.Go(func() error {
			var buf leafBuf
			dicts := make([]*dictLeaf, len(group))
			defer func() {
				for _, d := range dicts {
					if d != nil {
						d.release()
					}
				}
			}()
			for k, i := range group {
				if cw, ok := cols[i].(*file.ByteArrayColumnChunkWriter); ok && cw.CurrentEncoder().Encoding() == parquet.Encodings.PlainDict {
					dicts[k] = newDictLeaf(cw.LevelInfo(), len(events))
				}
			}
			for start := 0; start < len(events); start += writeChunk {
				chunk := events[start:min(start+writeChunk, len(events))]
				if gi > 0 {
					buf.warm(chunk)
				}
				for k, i := range group {
					d := dicts[k]
					if d == nil {
						if err := writeLeaf(cols[i], leaves[i], chunk, &buf); err != nil {
							return err
						}
						continue
					}
					buf.reset()
					leaves[i].fill(&buf, chunk)
					if d.add(&buf); d.size >= limit {
						err := d.fallBack(cols[i].(*file.ByteArrayColumnChunkWriter))
						d.release()
						dicts[k] = nil
						if err != nil {
							return fmt.Errorf("column %s: %w", leaves[i].path, err)
						}
					}
				}
			}
			for k, i := range group {
				if d := dicts[k]; d != nil {
					if err := d.write(cols[i].(*file.ByteArrayColumnChunkWriter), fw.Properties().Allocator()); err != nil {
						return fmt.Errorf("column %s: %w", leaves[i].path, err)
					}
				}
				if err := flushPages(cols[i]); err != nil {
					return fmt.Errorf("column %s: %w", leaves[i].path, err)
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	return rgw.Close()
}

// pageFlusher is the column writers' methods that compress the page being written (not part
// of file.ColumnChunkWriter).
type pageFlusher interface {
	FlushCurrentPage() error
	FlushBufferedDataPages() error
	EstimatedBufferedValueBytes() int64
}

// flushPages compresses a column's last page in the caller's goroutine, so that rgw.Close,
// which closes the columns one after another, has little left to do (for eventJson that is
// most of a file's compression). A column without a dictionary also hands its pages to the
// row group's buffer; a dictionary column keeps them, because its dictionary page, written
// when it is closed, goes first.
func flushPages(cw file.ColumnChunkWriter) error {
	f, ok := cw.(pageFlusher)
	switch {
	case !ok:
		return nil
	case cw.CurrentEncoder().Encoding() != parquet.Encodings.PlainDict:
		return f.FlushBufferedDataPages()
	case f.EstimatedBufferedValueBytes() > 0: // an empty page must not be cut
		return f.FlushCurrentPage()
	}
	return nil
}

// writeLeaf writes one leaf column of events.
func writeLeaf(cw file.ColumnChunkWriter, l leaf, events []*Event, buf *leafBuf) error {
	d := cw.Descr()
	buf.reset()
	l.fill(buf, events)
	def, rep := buf.def, buf.rep
	if d.MaxDefinitionLevel() == 0 {
		def = nil
	}
	if d.MaxRepetitionLevel() == 0 {
		rep = nil
	}
	var err error
	switch w := cw.(type) {
	case *file.ByteArrayColumnChunkWriter:
		_, err = w.WriteBatch(buf.strs, def, rep)
	case *file.Int64ColumnChunkWriter:
		_, err = w.WriteBatch(buf.ints, def, rep)
	case *file.BooleanColumnChunkWriter:
		_, err = w.WriteBatch(buf.bools, def, rep)
	default:
		err = fmt.Errorf("unexpected writer %T", cw)
	}
	if err != nil {
		return fmt.Errorf("column %s: %w", d.Path(), err)
	}
	return nil
}

// idKey is the dedup key of an eventID: the UUID's 16 bytes, or for ids that are not UUIDs a
// 16-byte prefix of their SHA-256 (collisions are beyond practical reach either way).
type idKey [16]byte

func keyOf(id string) idKey {
	if u, err := uuid.Parse(id); err == nil && len(id) == 36 {
		return idKey(u)
	}
	return idKey(uuid.NewSHA1(uuid.NameSpaceOID, []byte(id)))
}

// readEventIDs adds the eventIDs stored in a Parquet file to set.
func readEventIDs(path string, set map[idKey]struct{}) error {
	r, err := file.OpenParquetFile(path, false)
	if err != nil {
		return fmt.Errorf("read event ids %s: %w", path, err)
	}
	defer r.Close()
	idx := r.MetaData().Schema.ColumnIndexByName("eventID")
	if idx < 0 {
		return fmt.Errorf("read event ids %s: %w: no eventID column", path, ErrCorrupt)
	}
	buf := make([]parquet.ByteArray, 4096)
	for g := 0; g < r.NumRowGroups(); g++ {
		col, err := r.RowGroup(g).Column(idx)
		if err != nil {
			return fmt.Errorf("read event ids %s: %w", path, err)
		}
		cr, ok := col.(*file.ByteArrayColumnChunkReader)
		if !ok {
			return fmt.Errorf("read event ids %s: %w: eventID is not a string column", path, ErrCorrupt)
		}
		for cr.HasNext() {
			n, _, err := cr.ReadBatch(int64(len(buf)), buf, nil, nil)
			if err != nil {
				return fmt.Errorf("read event ids %s: %w", path, err)
			}
			for _, v := range buf[:n] {
				set[keyOf(string(v))] = struct{}{}
			}
		}
	}
	return nil
}
