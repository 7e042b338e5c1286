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

// Import statuses (CloudTrail's ImportStatus).
const (
	ImportInitializing = "INITIALIZING"
	ImportInProgress   = "IN_PROGRESS"
	ImportFailed       = "FAILED"
	ImportStopped      = "STOPPED"
	ImportCompleted    = "COMPLETED"
)

// Import is one ingest run, in GetImport's shape (plus ctlake's extra statistics).
type Import struct {
	ImportID         string           `json:"ImportId"`
	Destinations     []string         `json:"Destinations"`
	ImportSource     ImportSource     `json:"ImportSource"`
	StartEventTime   *time.Time       `json:"StartEventTime,omitempty"`
	EndEventTime     *time.Time       `json:"EndEventTime,omitempty"`
	ImportStatus     string           `json:"ImportStatus"`
	CreatedTimestamp time.Time        `json:"CreatedTimestamp"`
	UpdatedTimestamp time.Time        `json:"UpdatedTimestamp"`
	ImportStatistics ImportStatistics `json:"ImportStatistics"`
}

// ImportSource names what was imported: S3LocationUri is an s3:// or file:// URI; Paths lists
// every local path given to one run.
type ImportSource struct {
	S3    S3ImportSource `json:"S3"`
	Paths []string       `json:"Paths,omitempty"`
}

// S3ImportSource is CloudTrail's S3 import source.
type S3ImportSource struct {
	S3LocationURI         string `json:"S3LocationUri"`
	S3BucketRegion        string `json:"S3BucketRegion,omitempty"`
	S3BucketAccessRoleArn string `json:"S3BucketAccessRoleArn,omitempty"`
}

// ImportStatistics counts an import's progress. The first five are CloudTrail's.
type ImportStatistics struct {
	PrefixesFound     int64 `json:"PrefixesFound"`
	PrefixesCompleted int64 `json:"PrefixesCompleted"`
	FilesCompleted    int64 `json:"FilesCompleted"`
	EventsCompleted   int64 `json:"EventsCompleted"`
	FailedEntries     int64 `json:"FailedEntries"`
	// FilesFound is the number of files the run found.
	FilesFound int64 `json:"FilesFound"`
	// EventsDuplicate were already in the store (same eventID).
	EventsDuplicate int64 `json:"EventsDuplicate"`
	// EventsFiltered did not match the store's advanced event selectors.
	EventsFiltered int64 `json:"EventsFiltered"`
	// EventsOutOfRange fell outside StartEventTime/EndEventTime.
	EventsOutOfRange int64 `json:"EventsOutOfRange"`
	// EventsExpired were older than the store's retention period.
	EventsExpired int64 `json:"EventsExpired"`
}

// ImportFailure is one failed file or record (ListImportFailures' shape).
type ImportFailure struct {
	Location        string    `json:"Location"`
	Status          string    `json:"Status"`
	ErrorType       string    `json:"ErrorType"`
	ErrorMessage    string    `json:"ErrorMessage"`
	LastUpdatedTime time.Time `json:"LastUpdatedTime"`
}

func (s *Store) importPath(id, suffix string) string {
	return filepath.Join(s.root, "imports", id+suffix)
}

// SaveImport records an import and its failures atomically.
func (s *Store) SaveImport(_ context.Context, imp *Import, failures []ImportFailure) error {
	imp.UpdatedTimestamp = s.now().UTC()
	if failures == nil {
		failures = []ImportFailure{}
	}
	if err := atomicfile.WriteJSON(s.importPath(imp.ImportID, ".failures.json"), failures); err != nil {
		return fmt.Errorf("save import %s: %w", imp.ImportID, err)
	}
	if err := atomicfile.WriteJSON(s.importPath(imp.ImportID, ".json"), imp); err != nil {
		return fmt.Errorf("save import %s: %w", imp.ImportID, err)
	}
	return nil
}

// GetImport returns one import.
func (s *Store) GetImport(_ context.Context, id string) (*Import, error) {
	var imp Import
	if err := atomicfile.ReadJSON(s.importPath(id, ".json"), &imp); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%w: %s", ErrImportNotFound, id)
		}
		return nil, err
	}
	return &imp, nil
}

// ListImportFailures returns the failures of one import.
func (s *Store) ListImportFailures(ctx context.Context, id string) ([]ImportFailure, error) {
	if _, err := s.GetImport(ctx, id); err != nil {
		return nil, err
	}
	var fs []ImportFailure
	if err := atomicfile.ReadJSON(s.importPath(id, ".failures.json"), &fs); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	return fs, nil
}

// ListImports returns all imports, newest first; destination, if not empty, keeps only the
// imports into that event data store (name, id or ARN).
func (s *Store) ListImports(ctx context.Context, destination string) ([]*Import, error) {
	var arn string
	if destination != "" {
		e, err := s.GetEDS(ctx, destination)
		if err != nil {
			return nil, err
		}
		arn = e.EventDataStoreArn
	}
	entries, err := os.ReadDir(filepath.Join(s.root, "imports"))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	var out []*Import
	for _, d := range entries {
		name := d.Name()
		if !strings.HasSuffix(name, ".json") || strings.HasSuffix(name, ".failures.json") || strings.HasPrefix(name, atomicfile.TempPrefix) {
			continue
		}
		imp, err := s.GetImport(ctx, strings.TrimSuffix(name, ".json"))
		if err != nil {
			return nil, err
		}
		if arn != "" && !contains(imp.Destinations, arn) {
			continue
		}
		out = append(out, imp)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].CreatedTimestamp.After(out[j].CreatedTimestamp) })
	return out, nil
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
