package store

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"runtime"
	"time"

	"github.com/google/uuid"
	"golang.org/x/sync/errgroup"
)

// AppendResult counts what one Append did with its events.
type AppendResult struct {
	Added      int // stored
	Duplicates int // eventID already in the store (or earlier in the batch)
	Expired    int // older than the retention period
}

// Appender adds events to one event data store. It remembers the eventIDs of the files it has
// already read, so a long ingest reads each existing file once. Not safe for concurrent use;
// several Appenders (in several processes) may write one store at once.
type Appender struct {
	s    *Store
	id   string
	seen map[string]bool               // files whose ids are in ids
	ids  map[string]map[idKey]struct{} // day → ids stored that day
}

// NewAppender opens an event data store for writing. The store must be ENABLED: a stopped or
// deleted store refuses ingest.
func (s *Store) NewAppender(ctx context.Context, ref string) (*Appender, error) {
	e, err := s.GetEDS(ctx, ref)
	if err != nil {
		return nil, err
	}
	if err := checkIngestible(e); err != nil {
		return nil, err
	}
	return &Appender{s: s, id: e.ID(), seen: map[string]bool{}, ids: map[string]map[idKey]struct{}{}}, nil
}

func checkIngestible(e *EventDataStore) error {
	if e.Status != StatusEnabled {
		return fmt.Errorf("%w: %s is %s and does not accept events", ErrInactive, e.Name, e.Status)
	}
	return nil
}

// Append stores events that are new to the store and inside its retention period. When it
// returns nil the events are durable and visible to new queries; on error none of them are.
// Events are grouped into one file per UTC day; the events are not copied, so the caller must
// not change them until Append returns.
func (a *Appender) Append(ctx context.Context, events []*Event) (AppendResult, error) {
	var res AppendResult
	if len(events) == 0 {
		return res, nil
	}
	err := a.s.updateManifest(ctx, a.id, func(m *manifest) error {
		e, err := a.s.GetEDS(ctx, a.id)
		if err != nil {
			return err
		}
		if err := checkIngestible(e); err != nil {
			return err
		}
		cutoff := a.s.retentionCutoff(e)
		if err := a.loadIDs(m); err != nil {
			return err
		}
		// Events come mostly grouped by day: look the day's state up only when the day changes.
		// A new id goes straight into the day's set (an id twice in the batch is a duplicate
		// too); if the files cannot be written, the batch's ids are taken out again.
		type dayState struct {
			ids    map[idKey]struct{}
			events []*Event
		}
		days := map[string]*dayState{}
		var cur *dayState
		curDay := int64(math.MinInt64)
		for _, ev := range events {
			if ev.EventTime.Before(cutoff) {
				res.Expired++
				continue
			}
			if n := dayNumber(ev.EventTime); n != curDay {
				day := ev.Day()
				if cur = days[day]; cur == nil {
					if a.ids[day] == nil {
						a.ids[day] = map[idKey]struct{}{}
					}
					cur = &dayState{ids: a.ids[day]}
					days[day] = cur
				}
				curDay = n
			}
			k := keyOf(ev.EventID)
			if _, dup := cur.ids[k]; dup {
				res.Duplicates++
				continue
			}
			cur.ids[k] = struct{}{}
			cur.events = append(cur.events, ev)
		}
		byDay := make(map[string][]*Event, len(days))
		for day, d := range days {
			if len(d.events) > 0 {
				byDay[day] = d.events
			}
		}
		files, err := a.writeDays(ctx, byDay)
		if err != nil {
			for _, d := range days {
				for _, ev := range d.events {
					delete(d.ids, keyOf(ev.EventID))
				}
			}
			return err
		}
		for _, f := range files {
			m.Files = append(m.Files, f)
			a.seen[f.Path] = true
			res.Added += int(f.Rows)
		}
		a.s.expire(a.id, m, cutoff)
		return nil
	})
	if err != nil {
		return AppendResult{}, fmt.Errorf("append to %s: %w", a.id, err)
	}
	return res, nil
}

// loadIDs reads the eventIDs of manifest files this Appender has not seen (written by another
// process, or by compaction).
func (a *Appender) loadIDs(m *manifest) error {
	for _, f := range m.Files {
		if a.seen[f.Path] {
			continue
		}
		if a.ids[f.Day] == nil {
			a.ids[f.Day] = map[idKey]struct{}{}
		}
		if err := readEventIDs(filepath.Join(a.s.edsDir(a.id), f.Path), a.ids[f.Day]); err != nil {
			return err
		}
		a.seen[f.Path] = true
	}
	return nil
}

// writeDays writes one Parquet file per day, in parallel.
func (a *Appender) writeDays(ctx context.Context, byDay map[string][]*Event) ([]FileInfo, error) {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.NumCPU())
	out := make([]FileInfo, 0, len(byDay))
	results := make(chan FileInfo, len(byDay))
	for day, evs := range byDay {
		g.Go(func() error {
			fi, err := writeParquet(gctx, a.s.edsDir(a.id), partFile(day, a.s.now()), evs)
			if err != nil {
				return err
			}
			results <- fi
			return nil
		})
	}
	err := g.Wait()
	close(results)
	for fi := range results {
		out = append(out, fi)
	}
	if err != nil {
		// Files written before the failure are not in the manifest: orphans, collected later.
		return nil, err
	}
	return out, nil
}

// dayNumber is the UTC day of t as a count of days since 1970-01-01 (negative before).
func dayNumber(t time.Time) int64 {
	sec := t.Unix()
	d := sec / 86400
	if sec%86400 < 0 {
		d--
	}
	return d
}

// partFile names a new file in a day's Hive partition.
func partFile(day string, now time.Time) string {
	return filepath.Join("eventday="+day, fmt.Sprintf("part-%d-%s.parquet", now.UnixNano(), uuid.NewString()[:8]))
}
