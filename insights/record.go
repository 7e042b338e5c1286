package insights

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"time"

	"github.com/google/uuid"
)

// Record is one CloudTrail Insights event, with its members in the order CloudTrail writes
// them (seed 004, ../shared/docs/api.md), so that its JSON is the trail record's bytes.
type Record struct {
	EventVersion       string         `json:"eventVersion"`
	EventTime          string         `json:"eventTime"`
	AwsRegion          string         `json:"awsRegion"`
	EventID            string         `json:"eventID"`
	EventType          string         `json:"eventType"`
	RecipientAccountID string         `json:"recipientAccountId"`
	SharedEventID      string         `json:"sharedEventID"`
	InsightDetails     InsightDetails `json:"insightDetails"`
	EventCategory      string         `json:"eventCategory"`
}

// InsightDetails is the record's insightDetails.
type InsightDetails struct {
	State          string         `json:"state"` // Start or End
	EventSource    string         `json:"eventSource"`
	EventName      string         `json:"eventName"`
	InsightType    string         `json:"insightType"`
	ErrorCode      string         `json:"errorCode,omitempty"`
	InsightContext InsightContext `json:"insightContext"`
}

// InsightContext holds the statistics and attributions.
type InsightContext struct {
	Statistics   Statistics    `json:"statistics"`
	Attributions []Attribution `json:"attributions,omitempty"`
}

// Statistics compares the insight with its baseline; durations are in minutes.
type Statistics struct {
	Baseline         Average `json:"baseline"`
	Insight          Average `json:"insight"`
	InsightDuration  int     `json:"insightDuration,omitempty"` // End records
	BaselineDuration int     `json:"baselineDuration,omitempty"`
}

// Average is {"average": n}.
type Average struct {
	Average Number `json:"average"`
}

// Attribution is the top values of one attribute during the insight and the baseline.
type Attribution struct {
	Attribute string       `json:"attribute"` // userIdentityArn, userAgent or errorCode
	Insight   []ValueShare `json:"insight"`
	Baseline  []ValueShare `json:"baseline"`
}

// ValueShare is one value with its average per minute.
type ValueShare struct {
	Value   string `json:"value"`
	Average Number `json:"average"`
}

// Number prints like CloudTrail's statistics: at most 10 decimals, no exponent, no trailing
// zeros (0.0020833333, 6, 85.4202380952).
type Number float64

// MarshalJSON implements json.Marshaler.
func (n Number) MarshalJSON() ([]byte, error) {
	v := math.Round(float64(n)*1e10) / 1e10
	if math.IsNaN(v) || math.IsInf(v, 0) {
		v = 0
	}
	return strconv.AppendFloat(nil, v, 'f', -1, 64), nil
}

// Marshal returns the record's JSON: compact, members in CloudTrail's order, no HTML escaping.
func (r *Record) Marshal() []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		panic(err) // the record holds only strings and numbers
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// Record states.
const (
	StateStart = "Start"
	StateEnd   = "End"
)

// newRecord builds the Start or End record of an insight. The event ID is derived from the
// sharedEventID and the state, so the same insight always gets the same records.
func newRecord(o *insight, state string, attrs []Attribution) *Record {
	k := o.key
	t := o.Start
	if state == StateEnd {
		t = o.End
	}
	var avg float64
	if o.Minutes > 0 {
		avg = float64(o.Sum) / float64(o.Minutes)
	}
	r := &Record{
		EventVersion:       "1.07",
		EventTime:          t.UTC().Format(time.RFC3339),
		AwsRegion:          k.Region,
		EventID:            uuid.NewSHA1(idSpace, []byte(o.SharedEventID+"\x00"+state)).String(),
		EventType:          "AwsCloudTrailInsight",
		RecipientAccountID: k.Account,
		SharedEventID:      o.SharedEventID,
		InsightDetails: InsightDetails{
			State: state, EventSource: k.EventSource, EventName: k.EventName, InsightType: k.InsightType,
			ErrorCode: k.ErrorCode,
			InsightContext: InsightContext{
				Statistics: Statistics{
					Baseline:         Average{Number(o.Baseline)},
					Insight:          Average{Number(avg)},
					BaselineDuration: o.BaselineMinutes,
				},
				Attributions: attrs,
			},
		},
		EventCategory: "Insight",
	}
	if state == StateEnd {
		r.InsightDetails.InsightContext.Statistics.InsightDuration = o.Minutes
	}
	return r
}
