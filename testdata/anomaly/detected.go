package anomaly

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"
)

// Detected is one insight a detector reported: its Start and End records joined by their
// sharedEventID.
type Detected struct {
	Key           Key
	SharedEventID string
	Start         time.Time // the first anomalous minute
	End           time.Time // the first minute after it; zero while the insight is open
	// The averages of the Start record's statistics: calls (or errors) per minute.
	BaselineAverage, InsightAverage float64
}

// Open reports whether the insight has no End record.
func (d Detected) Open() bool { return d.End.IsZero() }

// insightRecord is the part of an Insights record (trail format) that scoring reads.
type insightRecord struct {
	EventTime          time.Time `json:"eventTime"`
	AwsRegion          string    `json:"awsRegion"`
	EventType          string    `json:"eventType"`
	EventCategory      string    `json:"eventCategory"`
	RecipientAccountID string    `json:"recipientAccountId"`
	SharedEventID      string    `json:"sharedEventID"`
	InsightDetails     struct {
		State          string `json:"state"`
		EventSource    string `json:"eventSource"`
		EventName      string `json:"eventName"`
		InsightType    string `json:"insightType"`
		ErrorCode      string `json:"errorCode"`
		InsightContext struct {
			Statistics struct {
				Baseline        struct{ Average float64 } `json:"baseline"`
				Insight         struct{ Average float64 } `json:"insight"`
				InsightDuration *float64                  `json:"insightDuration"`
			} `json:"statistics"`
		} `json:"insightContext"`
	} `json:"insightDetails"`
}

// ParseInsights joins Insights records (the eventJson of an Insights event data store, or
// the Records of a CloudTrail-Insight file) into insights, sorted by start. A record that is
// not a well-formed Start or End record, or a pair whose records disagree on the series, is
// an error: a detector that writes them has a bug the score would hide.
func ParseInsights(records [][]byte) ([]Detected, error) {
	byID := map[string]*Detected{}
	var order []string
	seen := map[string]bool{} // sharedEventID + state
	for i, raw := range records {
		var r insightRecord
		if err := json.Unmarshal(raw, &r); err != nil {
			return nil, fmt.Errorf("insight record %d: %w", i, err)
		}
		d := r.InsightDetails
		key := Key{r.RecipientAccountID, r.AwsRegion, d.EventSource, d.EventName, d.InsightType, d.ErrorCode}
		switch {
		case r.EventCategory != "Insight" || r.EventType != "AwsCloudTrailInsight":
			return nil, fmt.Errorf("insight record %d: eventCategory %q, eventType %q", i, r.EventCategory, r.EventType)
		case r.SharedEventID == "" || key.Account == "" || key.Region == "" || key.EventSource == "" || key.EventName == "":
			return nil, fmt.Errorf("insight record %d: sharedEventID, recipientAccountId, awsRegion, eventSource or eventName missing", i)
		case key.InsightType != CallRate && key.InsightType != ErrorRate:
			return nil, fmt.Errorf("insight record %d: insightType %q", i, key.InsightType)
		case (key.InsightType == ErrorRate) != (key.ErrorCode != ""):
			return nil, fmt.Errorf("insight record %d: %s with errorCode %q", i, key.InsightType, key.ErrorCode)
		case d.State != "Start" && d.State != "End":
			return nil, fmt.Errorf("insight record %d: state %q", i, d.State)
		case seen[r.SharedEventID+d.State]:
			return nil, fmt.Errorf("insight record %d: a second %s record for %s", i, d.State, r.SharedEventID)
		}
		seen[r.SharedEventID+d.State] = true
		det := byID[r.SharedEventID]
		if det == nil {
			det = &Detected{Key: key, SharedEventID: r.SharedEventID}
			byID[r.SharedEventID] = det
			order = append(order, r.SharedEventID)
		} else if det.Key != key {
			return nil, fmt.Errorf("insight %s: Start and End records are on different series: %s and %s", r.SharedEventID, det.Key, key)
		}
		stats := d.InsightContext.Statistics
		if d.State == "Start" {
			det.Start = r.EventTime.UTC()
			det.BaselineAverage, det.InsightAverage = stats.Baseline.Average, stats.Insight.Average
			continue
		}
		det.End = r.EventTime.UTC()
		// An End record alone (its Start before what was read) still says when it started.
		if det.Start.IsZero() && stats.InsightDuration != nil {
			det.Start = det.End.Add(-time.Duration(*stats.InsightDuration * float64(time.Minute)))
		}
	}
	out := make([]Detected, 0, len(order))
	for _, id := range order {
		d := byID[id]
		if d.Start.IsZero() {
			return nil, fmt.Errorf("insight %s: End record without a Start record or insightDuration", id)
		}
		if !d.Open() && !d.End.After(d.Start) {
			return nil, fmt.Errorf("insight %s: End %s is not after Start %s", id, d.End, d.Start)
		}
		out = append(out, *d)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	return out, nil
}
