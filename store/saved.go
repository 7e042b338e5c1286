package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/ctlake/ctlake/internal/atomicfile"
)

// SavedQuery is a query a user saved by name, to run again later with parameters.
type SavedQuery struct {
	Name             string    `json:"Name"`
	Lang             string    `json:"Lang"` // "sql" or "insights"
	Description      string    `json:"Description,omitempty"`
	Statement        string    `json:"Statement"`
	CreatedTimestamp time.Time `json:"CreatedTimestamp"`
	UpdatedTimestamp time.Time `json:"UpdatedTimestamp"`
}

// Query languages of saved queries.
const (
	LangSQL      = "sql"
	LangInsights = "insights"
)

func (s *Store) savedPath(name string) string { return filepath.Join(s.root, "saved", name+".json") }

func validateSaved(q *SavedQuery) error {
	if !nameRE.MatchString(q.Name) {
		return fmt.Errorf("%w: query name %q must be 3 to 128 characters of letters, digits, '.', '_' and '-'", ErrInvalidParameter, q.Name)
	}
	if q.Lang != LangSQL && q.Lang != LangInsights {
		return fmt.Errorf("%w: query language %q must be %s or %s", ErrInvalidParameter, q.Lang, LangSQL, LangInsights)
	}
	if strings.TrimSpace(q.Statement) == "" {
		return fmt.Errorf("%w: query %s has no statement", ErrInvalidParameter, q.Name)
	}
	if len(q.Statement) > 10000 {
		return fmt.Errorf("%w: query %s is %d characters; at most 10000", ErrInvalidParameter, q.Name, len(q.Statement))
	}
	return nil
}

// SaveQuery saves a query; an existing one of the same name is replaced only when replace is set.
func (s *Store) SaveQuery(ctx context.Context, q SavedQuery, replace bool) (*SavedQuery, error) {
	if err := validateSaved(&q); err != nil {
		return nil, err
	}
	err := s.withLock(ctx, "saved.lock", func() error {
		now := s.now().UTC().Truncate(time.Millisecond)
		q.CreatedTimestamp, q.UpdatedTimestamp = now, now
		if old, err := s.GetSavedQuery(ctx, q.Name); err == nil {
			if !replace {
				return fmt.Errorf("%w: saved query %s (replace it with --replace)", ErrSavedQueryExists, q.Name)
			}
			q.CreatedTimestamp = old.CreatedTimestamp
		}
		return atomicfile.WriteJSON(s.savedPath(q.Name), q)
	})
	if err != nil {
		return nil, err
	}
	return &q, nil
}

// GetSavedQuery returns a saved query by name.
func (s *Store) GetSavedQuery(_ context.Context, name string) (*SavedQuery, error) {
	if !nameRE.MatchString(name) {
		return nil, fmt.Errorf("%w: %s", ErrSavedQueryNotFound, name)
	}
	var q SavedQuery
	if err := atomicfile.ReadJSON(s.savedPath(name), &q); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%w: %s", ErrSavedQueryNotFound, name)
		}
		return nil, err
	}
	return &q, nil
}

// ListSavedQueries returns the saved queries by name.
func (s *Store) ListSavedQueries(ctx context.Context) ([]*SavedQuery, error) {
	entries, err := os.ReadDir(filepath.Join(s.root, "saved"))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	var out []*SavedQuery
	for _, d := range entries {
		name, ok := strings.CutSuffix(d.Name(), ".json")
		if !ok || strings.HasPrefix(name, atomicfile.TempPrefix) {
			continue
		}
		q, err := s.GetSavedQuery(ctx, name)
		if err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// DeleteSavedQuery removes a saved query.
func (s *Store) DeleteSavedQuery(ctx context.Context, name string) error {
	if _, err := s.GetSavedQuery(ctx, name); err != nil {
		return err
	}
	return s.withLock(ctx, "saved.lock", func() error {
		if err := os.Remove(s.savedPath(name)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		return atomicfile.SyncDir(filepath.Dir(s.savedPath(name)))
	})
}
