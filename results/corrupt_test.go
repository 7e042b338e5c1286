package results

import (
	"os"
	"path/filepath"
	"testing"
)

// A damaged record reads as ErrCorrupt; List skips it and Expire leaves it alone.
func TestCorruptRecord(t *testing.T) {
	s, _ := newTestStore(t)
	rec := runQuery(t, s, []string{"a"}, [][]any{{"1"}})
	os.WriteFile(filepath.Join(s.queryDir(rec.QueryID), recordFile), []byte("{"), 0o644)
	_, err := s.Describe(t.Context(), rec.QueryID)
	mustIs(t, err, ErrCorrupt)
	if err := s.Expire(t.Context()); err != nil {
		t.Error(err)
	}
	other := runQuery(t, s, []string{"a"}, [][]any{{"1"}})
	if list, err := s.List(t.Context(), ListFilter{}); err != nil || len(list) != 1 || list[0].QueryID != other.QueryID {
		t.Errorf("List with a corrupt record: %v %v", list, err)
	}
	if _, err := os.Stat(s.queryDir(rec.QueryID)); err != nil {
		t.Errorf("the corrupt record was removed: %v", err)
	}
}
