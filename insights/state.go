package insights

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/ctlake/ctlake/internal/atomicfile"
	"github.com/ctlake/ctlake/store"
)

// state is what a run leaves for the next one of the same source: how far it got, and the
// insights and silences still in progress. It is written atomically after the run's records
// are stored, so a crash repeats at most the last run, whose records (with the same
// deterministic event IDs) the destination does not store twice.
type state struct {
	Version   int                 `json:"version"`
	Source    string              `json:"source"` // ARN
	Watermark time.Time           `json:"watermark"`
	Trackers  map[string]*tracker `json:"trackers,omitempty"`
}

const stateVersion = 1

// tracker is one series' detection state between minutes.
type tracker struct {
	Key   Key      `json:"key"`
	Open  *insight `json:"open,omitempty"`
	Quiet *quiet   `json:"quiet,omitempty"`
}

// insight is one insight from its first minute.
type insight struct {
	Kind          string    `json:"kind"` // "spike" or "drop"
	SharedEventID string    `json:"sharedEventID"`
	Start         time.Time `json:"start"`
	Minutes       int       `json:"minutes"`
	Sum           int64     `json:"sum"`
	// The baseline the insight was measured against (the profile of its first day).
	Baseline        float64   `json:"baseline"`
	BaselineMinutes int       `json:"baselineMinutes"`
	BaselineFrom    time.Time `json:"baselineFrom"`
	End             time.Time `json:"end,omitzero"` // set when it ended
	key             Key
}

// quiet is a silence of a steady series that is not (yet) an insight.
type quiet struct {
	Start    time.Time `json:"start"`
	Minutes  int       `json:"minutes"`
	Evidence float64   `json:"evidence"`
}

func statePath(st *store.Store, sourceID string) string {
	return filepath.Join(configDir(st), sourceID+".state.json")
}

func loadState(st *store.Store, src *store.EventDataStore) (*state, error) {
	s := &state{Version: stateVersion, Source: src.EventDataStoreArn, Trackers: map[string]*tracker{}}
	err := atomicfile.ReadJSON(statePath(st, src.ID()), s)
	if errors.Is(err, os.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrCorruptState, statePath(st, src.ID()), err)
	}
	if s.Version != stateVersion {
		return nil, fmt.Errorf("%w: %s has version %d, this ctlake reads %d", ErrCorruptState, statePath(st, src.ID()), s.Version, stateVersion)
	}
	if s.Trackers == nil {
		s.Trackers = map[string]*tracker{}
	}
	for _, tr := range s.Trackers {
		if tr.Open != nil {
			tr.Open.key = tr.Key
		}
	}
	return s, nil
}

func (s *state) save(st *store.Store, sourceID string) error {
	for k, tr := range s.Trackers {
		if tr.Open == nil && tr.Quiet == nil {
			delete(s.Trackers, k)
		}
	}
	return atomicfile.WriteJSON(statePath(st, sourceID), s)
}
