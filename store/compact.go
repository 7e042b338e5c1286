package store

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"sort"

	"github.com/ctlake/ctlake/internal/atomicfile"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

const (
	// smallFileBytes: files below this size are small. Compact merges the small files of a day
	// once there are minMergeFiles of them: merging re-encodes rows, so a day that holds a few
	// files from one large ingest is left as it is, while the trickle of small files from many
	// small ingests is folded up.
	smallFileBytes = 4 << 20
	minMergeFiles  = 4
	// maxMergeBytes bounds one merged file.
	maxMergeBytes = 512 << 20
)

// CompactResult tells what Compact did.
type CompactResult struct {
	FilesBefore, FilesAfter int
}

// Compact merges the small files of each day of an event data store into larger ones and
// applies retention. Replaced files go to the trash (see manifest); the merge streams record
// batches, so memory stays bounded by one row group.
func (s *Store) Compact(ctx context.Context, ref string) (CompactResult, error) {
	e, err := s.GetEDS(ctx, ref)
	if err != nil {
		return CompactResult{}, err
	}
	id := e.ID()
	var res CompactResult
	err = s.updateManifest(ctx, id, func(m *manifest) error {
		res.FilesBefore = len(m.Files)
		byDay := map[string][]FileInfo{}
		var keep []FileInfo
		for _, f := range m.Files {
			if f.Bytes < smallFileBytes {
				byDay[f.Day] = append(byDay[f.Day], f)
			} else {
				keep = append(keep, f)
			}
		}
		days := make([]string, 0, len(byDay))
		for d := range byDay {
			days = append(days, d)
		}
		sort.Strings(days)
		for _, day := range days {
			group := byDay[day]
			if len(group) < minMergeFiles {
				keep = append(keep, group...)
				continue
			}
			for len(group) > 0 {
				n, size := 0, int64(0)
				for n < len(group) && (n == 0 || size+group[n].Bytes <= maxMergeBytes) {
					size += group[n].Bytes
					n++
				}
				batch := group[:n]
				group = group[n:]
				if len(batch) == 1 {
					keep = append(keep, batch[0])
					continue
				}
				merged, err := s.mergeFiles(ctx, id, day, batch)
				if err != nil {
					return err
				}
				keep = append(keep, merged)
				for _, f := range batch {
					m.trash(f, s.now())
				}
			}
		}
		sort.Slice(keep, func(i, j int) bool { return keep[i].Path < keep[j].Path })
		m.Files = keep
		s.expire(id, m, s.retentionCutoff(e))
		res.FilesAfter = len(m.Files)
		return nil
	})
	if err != nil {
		return CompactResult{}, fmt.Errorf("compact %s: %w", e.Name, err)
	}
	return res, nil
}

// mergeFiles writes the rows of files (all of one day) into one new file.
func (s *Store) mergeFiles(ctx context.Context, id, day string, files []FileInfo) (FileInfo, error) {
	dir := s.edsDir(id)
	rel := partFile(day, s.now())
	af, err := atomicfile.Create(filepath.Join(dir, rel))
	if err != nil {
		return FileInfo{}, err
	}
	fw, err := pqarrow.NewFileWriter(arrowSchema, struct{ io.Writer }{af}, writerProps(), pqarrow.NewArrowWriterProperties())
	if err != nil {
		af.Abort()
		return FileInfo{}, err
	}
	out := FileInfo{Path: rel, Day: day}
	fail := func(err error) (FileInfo, error) {
		fw.Close()
		af.Abort()
		return FileInfo{}, fmt.Errorf("merge %s: %w", day, err)
	}
	for i, f := range files {
		if err := copyRows(ctx, filepath.Join(dir, f.Path), fw); err != nil {
			return fail(err)
		}
		out.Rows += f.Rows
		if i == 0 || f.MinTime.Before(out.MinTime) {
			out.MinTime = f.MinTime
		}
		if f.MaxTime.After(out.MaxTime) {
			out.MaxTime = f.MaxTime
		}
	}
	if err := fw.Close(); err != nil {
		af.Abort()
		return FileInfo{}, fmt.Errorf("merge %s: %w", day, err)
	}
	size, err := af.Seek(0, io.SeekCurrent)
	if err != nil {
		af.Abort()
		return FileInfo{}, err
	}
	if err := af.Commit(); err != nil {
		return FileInfo{}, err
	}
	out.Bytes = size
	return out, nil
}

// copyRows streams every row of one Parquet file into fw.
func copyRows(ctx context.Context, path string, fw *pqarrow.FileWriter) error {
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	defer pf.Close()
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: rowGroupRows}, memory.DefaultAllocator)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	rr, err := fr.GetRecordReader(ctx, nil, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	defer rr.Release()
	for rr.Next() {
		// Read batches carry Parquet field-id metadata; rebind the columns to the writer's schema.
		in := rr.RecordBatch()
		rec := array.NewRecordBatch(arrowSchema, in.Columns(), in.NumRows())
		err := fw.Write(rec)
		rec.Release()
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	if err := rr.Err(); err != nil && err != io.EOF {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
