package store

import "time"

// FileInfo describes one immutable Parquet file of an event data store, as the manifest lists it.
type FileInfo struct {
	// Path is relative to the event data store's folder, e.g. "eventday=2024-05-01/part-….parquet".
	Path    string    `json:"path"`
	Day     string    `json:"day"` // UTC day partition, YYYY-MM-DD
	Rows    int64     `json:"rows"`
	Bytes   int64     `json:"bytes"`
	MinTime time.Time `json:"minTime"`
	MaxTime time.Time `json:"maxTime"`
}

// Snapshot is a consistent view of one event data store for a reader: the files that make it up
// at one moment. Files listed here stay on disk for at least the manifest's grace period after
// they are replaced (compaction, retention), so a query that started on a snapshot can finish.
type Snapshot struct {
	EDS *EventDataStore
	// Dir is the absolute folder of the event data store; FileInfo.Path is relative to it.
	Dir   string
	Files []FileInfo
	// RetentionCutoff: events with eventTime before it must not appear in results.
	RetentionCutoff time.Time
	// Table names a derived table of the store (TableBaseline); "" for the events.
	Table string
	// Columns are the table's columns; nil for the events (the Lake columns, Columns).
	Columns []Column
}
