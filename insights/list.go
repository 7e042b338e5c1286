package insights

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/ctlake/ctlake/store"
)

// Insight is one insight as its records tell it: the Start record, and the End record once it
// has ended.
type Insight struct {
	SharedEventID string    `json:"SharedEventID"`
	Destination   string    `json:"Destination"`
	Key           Key       `json:"Series"`
	Start         time.Time `json:"Start"`
	End           time.Time `json:"End,omitzero"` // zero while it is still going on
	StartRecord   *Record   `json:"-"`
	EndRecord     *Record   `json:"-"`
}

// Last returns the newest record of the insight (the End record when there is one).
func (in *Insight) Last() *Record {
	if in.EndRecord != nil {
		return in.EndRecord
	}
	return in.StartRecord
}

// ListInsights reads the insights of one destination store (or of every destination of an
// enabled source when destination is ""), oldest first.
func ListInsights(ctx context.Context, st *store.Store, destination string) ([]*Insight, error) {
	var dests []string
	if destination != "" {
		dests = []string{destination}
	} else {
		sels, err := List(ctx, st)
		if err != nil {
			return nil, err
		}
		seen := map[string]bool{}
		for _, s := range sels {
			if !seen[s.InsightsDestination] {
				seen[s.InsightsDestination] = true
				dests = append(dests, s.InsightsDestination)
			}
		}
	}
	d, err := openDuck(ctx)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	return d.listInsights(ctx, st, dests)
}

// listInsights reads the insights of the destination stores dests (names, ids or ARNs).
func (d *duck) listInsights(ctx context.Context, st *store.Store, dests []string) ([]*Insight, error) {
	byID := map[string]*Insight{}
	for _, dest := range dests {
		snap, err := st.Snapshot(ctx, dest)
		if err != nil {
			return nil, err
		}
		list, _ := files(snap, time.Time{}, time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC))
		if list == "" {
			continue
		}
		rows, err := d.db.QueryContext(ctx, `SELECT "eventJson" FROM read_parquet(`+list+`) WHERE "eventType" = 'AwsCloudTrailInsight'`)
		if err != nil {
			return nil, fmt.Errorf("read insights of %s: %w", snap.EDS.Name, err)
		}
		for rows.Next() {
			var raw string
			if err := rows.Scan(&raw); err != nil {
				rows.Close()
				return nil, err
			}
			var r Record
			if err := json.Unmarshal([]byte(raw), &r); err != nil || r.SharedEventID == "" {
				continue // not a record of this shape: skip, it is still queryable with SQL
			}
			in := byID[r.SharedEventID]
			if in == nil {
				in = &Insight{SharedEventID: r.SharedEventID, Destination: snap.EDS.Name}
				byID[r.SharedEventID] = in
			}
			det := r.InsightDetails
			in.Key = Key{Account: r.RecipientAccountID, Region: r.AwsRegion, EventSource: det.EventSource, EventName: det.EventName,
				InsightType: det.InsightType, ErrorCode: det.ErrorCode}
			t, _ := time.Parse(time.RFC3339, r.EventTime)
			rec := r
			if strings.EqualFold(det.State, StateEnd) {
				in.EndRecord, in.End = &rec, t
			} else {
				in.StartRecord, in.Start = &rec, t
			}
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	out := make([]*Insight, 0, len(byID))
	for _, in := range byID {
		if in.StartRecord == nil { // an End without its Start: date it from the duration
			in.StartRecord = in.EndRecord
			in.Start = in.End.Add(-time.Duration(in.EndRecord.InsightDetails.InsightContext.Statistics.InsightDuration) * time.Minute)
		}
		out = append(out, in)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Start.Equal(out[j].Start) {
			return out[i].Start.Before(out[j].Start)
		}
		if a, b := out[i].Key.String(), out[j].Key.String(); a != b {
			return a < b
		}
		return out[i].SharedEventID < out[j].SharedEventID
	})
	return out, nil
}

// FindInsight returns the insight with the given sharedEventID or event ID (of its Start or
// End record); a unique prefix of at least 8 characters is enough.
func FindInsight(ctx context.Context, st *store.Store, destination, id string) (*Insight, error) {
	all, err := ListInsights(ctx, st, destination)
	if err != nil {
		return nil, err
	}
	var found []*Insight
	for _, in := range all {
		ids := []string{in.SharedEventID, in.StartRecord.EventID}
		if in.EndRecord != nil {
			ids = append(ids, in.EndRecord.EventID)
		}
		for _, x := range ids {
			if x == id || (len(id) >= 8 && strings.HasPrefix(x, id)) {
				found = append(found, in)
				break
			}
		}
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("%w: no insight %q", ErrInsightNotFound, id)
	case 1:
		return found[0], nil
	}
	return nil, fmt.Errorf("%w: %q names %d insights; give more of the ID", ErrInvalidParameter, id, len(found))
}
