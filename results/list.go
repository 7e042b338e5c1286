package results

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// ListFilter selects records for List, as ListQueries' parameters. Zero fields select all.
type ListFilter struct {
	// EventDataStore keeps queries that read this store: its ARN or the ARN's id suffix.
	EventDataStore string
	// StartTime and EndTime bound CreationTime (inclusive).
	StartTime, EndTime time.Time
	// Status keeps queries in this status.
	Status Status
}

// List returns the records of the last 7 days that match f, newest first (by CreationTime,
// then QueryId). It expires older records first. A StartTime after EndTime gives
// ErrInvalidDateRange; an unknown status ErrInvalidQueryStatus.
func (s *Store) List(ctx context.Context, f ListFilter) ([]*Record, error) {
	if !f.StartTime.IsZero() && !f.EndTime.IsZero() && f.StartTime.After(f.EndTime) {
		return nil, fmt.Errorf("%w: start time %s is after end time %s", ErrInvalidDateRange,
			f.StartTime.UTC().Format(time.RFC3339), f.EndTime.UTC().Format(time.RFC3339))
	}
	if f.Status != "" && !slices.Contains(Statuses, f.Status) {
		return nil, fmt.Errorf("%w: %q", ErrInvalidQueryStatus, f.Status)
	}
	if err := s.Expire(ctx); err != nil {
		return nil, err
	}
	ids, err := s.ids()
	if err != nil {
		return nil, err
	}
	var out []*Record
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		st, err := s.load(id)
		if errors.Is(err, ErrQueryNotFound) || errors.Is(err, ErrCorrupt) {
			// Being created, just expired by another process, or damaged (Describe
			// reports that one; one bad file must not hide every other query).
			continue
		}
		if err != nil {
			return nil, err
		}
		rec := &st.Record
		if st.QueryStatus.Active() && st.Owner.gone() {
			if rec, err = s.abandon(ctx, id); err != nil {
				return nil, err
			}
		}
		if s.expired(rec) || !f.matches(rec) {
			continue
		}
		out = append(out, rec.clone())
	}
	slices.SortFunc(out, func(a, b *Record) int {
		if c := b.QueryStatistics.CreationTime.Compare(a.QueryStatistics.CreationTime); c != 0 {
			return c
		}
		return cmp.Compare(a.QueryID, b.QueryID)
	})
	return out, nil
}

func (f ListFilter) matches(r *Record) bool {
	ct := r.QueryStatistics.CreationTime
	switch {
	case f.Status != "" && r.QueryStatus != f.Status,
		!f.StartTime.IsZero() && ct.Before(f.StartTime),
		!f.EndTime.IsZero() && ct.After(f.EndTime):
		return false
	}
	if f.EventDataStore == "" {
		return true
	}
	return slices.ContainsFunc(r.EventDataStores, func(arn string) bool {
		return arn == f.EventDataStore || strings.HasSuffix(arn, "/"+f.EventDataStore)
	})
}

// Expire removes the records and results of queries created more than 7 days ago, and
// folders left without a record for as long (a crash while creating one).
func (s *Store) Expire(ctx context.Context) error {
	ids, err := s.ids()
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return err
		}
		st, err := s.load(id)
		switch {
		case err == nil:
			if !s.expired(&st.Record) {
				continue
			}
		case errors.Is(err, ErrQueryNotFound):
			fi, serr := os.Stat(s.queryDir(id))
			if serr != nil || s.now().Sub(fi.ModTime()) <= Retention {
				continue
			}
		default:
			continue // a corrupt record: leave it for a person to look at
		}
		if err := s.remove(id); err != nil {
			return fmt.Errorf("expire query %s: %w", id, err)
		}
	}
	return s.sweepTrash()
}

func (s *Store) expired(r *Record) bool {
	return s.now().Sub(r.QueryStatistics.CreationTime) > Retention
}

const trashPrefix = ".trash-"

// remove deletes a query's folder: first renamed out of sight (atomic, so readers see the
// whole query or nothing), then deleted.
func (s *Store) remove(id string) error {
	var b [6]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand)
	trash := filepath.Join(s.dir, trashPrefix+id+"-"+hex.EncodeToString(b[:]))
	if err := os.Rename(s.queryDir(id), trash); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil // another process removed it
		}
		return err
	}
	return os.RemoveAll(trash)
}

// sweepTrash deletes what a crash left half-removed.
func (s *Store) sweepTrash() error {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), trashPrefix) {
			if err := os.RemoveAll(filepath.Join(s.dir, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

// ids lists the query folders.
func (s *Store) ids() ([]string, error) {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, fmt.Errorf("list queries: %w", err)
	}
	var ids []string
	for _, e := range entries {
		if e.IsDir() && checkID(e.Name()) == nil {
			ids = append(ids, e.Name())
		}
	}
	return ids, nil
}
