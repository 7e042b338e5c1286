package insights

import (
	"context"
	"fmt"
	"time"

	"github.com/ctlake/ctlake/store"
)

// Metric data types (ListInsightsMetricData's DataType).
const (
	FillWithZeros = "FillWithZeros"
	NonZeroData   = "NonZeroData"
)

// MetricsInput is ListInsightsMetricData's request, with the source store and optional account
// and region (a series of the job is per account and region; without them they are summed).
type MetricsInput struct {
	Source      string
	EventSource string
	EventName   string
	InsightType string
	ErrorCode   string // ApiErrorRateInsight: the error code; "" counts every error
	Account     string
	Region      string
	StartTime   time.Time // default: EndTime − 24 hours
	EndTime     time.Time // default: the minute after the source's newest event
	Period      int       // seconds, 60–3600 in whole minutes (default 60)
	DataType    string    // FillWithZeros (default) or NonZeroData
}

// MetricsOutput is ListInsightsMetricData's response.
type MetricsOutput struct {
	EventSource string      `json:"EventSource"`
	EventName   string      `json:"EventName"`
	InsightType string      `json:"InsightType"`
	ErrorCode   string      `json:"ErrorCode,omitempty"`
	Timestamps  []time.Time `json:"Timestamps"`
	Values      []float64   `json:"Values"`
}

// Metrics returns the per-period counts the job analyses for one API: write management calls
// (ApiCallRateInsight) or errors (ApiErrorRateInsight), read from the source store.
func Metrics(ctx context.Context, st *store.Store, in MetricsInput) (*MetricsOutput, error) {
	if in.InsightType != CallRate && in.InsightType != ErrorRate {
		return nil, fmt.Errorf("%w: insight type %q: use %s or %s", ErrInvalidParameter, in.InsightType, CallRate, ErrorRate)
	}
	if in.EventSource == "" || in.EventName == "" {
		return nil, fmt.Errorf("%w: an event source and an event name are required", ErrInvalidParameter)
	}
	if in.ErrorCode != "" && in.InsightType != ErrorRate {
		return nil, fmt.Errorf("%w: an error code goes with %s only", ErrInvalidParameter, ErrorRate)
	}
	if in.Period == 0 {
		in.Period = 60
	}
	if in.Period < 60 || in.Period > 3600 || in.Period%60 != 0 {
		return nil, fmt.Errorf("%w: period %d: use 60 to 3600 seconds in whole minutes", ErrInvalidParameter, in.Period)
	}
	switch in.DataType {
	case "":
		in.DataType = FillWithZeros
	case FillWithZeros, NonZeroData:
	default:
		return nil, fmt.Errorf("%w: data type %q: use %s or %s", ErrInvalidParameter, in.DataType, FillWithZeros, NonZeroData)
	}
	snap, err := st.Snapshot(ctx, in.Source)
	if err != nil {
		return nil, err
	}
	period := time.Duration(in.Period) * time.Second
	if in.EndTime.IsZero() {
		in.EndTime = newest(snap).Add(time.Minute)
		if newest(snap).IsZero() {
			in.EndTime = st.Now()
		}
	}
	in.EndTime = in.EndTime.UTC().Truncate(period)
	if in.StartTime.IsZero() {
		in.StartTime = in.EndTime.Add(-24 * time.Hour)
	}
	in.StartTime = in.StartTime.UTC().Truncate(period)
	if !in.StartTime.Before(in.EndTime) {
		return nil, fmt.Errorf("%w: the start time %s is not before the end time %s", ErrInvalidParameter,
			in.StartTime.Format(time.RFC3339), in.EndTime.Format(time.RFC3339))
	}
	out := &MetricsOutput{EventSource: in.EventSource, EventName: in.EventName, InsightType: in.InsightType, ErrorCode: in.ErrorCode,
		Timestamps: []time.Time{}, Values: []float64{}}
	n := int(in.EndTime.Sub(in.StartTime) / period)
	values := make([]float64, n)
	list, _ := files(snap, in.StartTime, in.EndTime)
	if list != "" {
		d, err := openDuck(ctx)
		if err != nil {
			return nil, err
		}
		defer d.Close()
		cond := `NOT coalesce("readOnly", false)`
		if in.InsightType == ErrorRate {
			cond = `"errorCode" IS NOT NULL`
			if in.ErrorCode != "" {
				cond = `"errorCode" = ` + quote(in.ErrorCode)
			}
		}
		if in.Account != "" {
			cond += ` AND "recipientAccountId" = ` + quote(in.Account)
		}
		if in.Region != "" {
			cond += ` AND "awsRegion" = ` + quote(in.Region)
		}
		q := fmt.Sprintf(`SELECT CAST(floor((epoch("eventTime") - %d) / %d) AS INTEGER) AS i, count(*)
			FROM read_parquet(%s) WHERE "eventTime" >= %s AND "eventTime" < %s AND "eventSource" = %s AND "eventName" = %s
			AND %s AND %s GROUP BY ALL`, in.StartTime.Unix(), in.Period, list, ts(in.StartTime), ts(in.EndTime),
			quote(in.EventSource), quote(in.EventName), managementFilter, cond)
		rows, err := d.db.QueryContext(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("insights metrics: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var i int
			var c float64
			if err := rows.Scan(&i, &c); err != nil {
				return nil, err
			}
			if i >= 0 && i < n {
				values[i] = c
			}
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	for i, v := range values {
		if v == 0 && in.DataType == NonZeroData {
			continue
		}
		out.Timestamps = append(out.Timestamps, in.StartTime.Add(time.Duration(i)*period))
		out.Values = append(out.Values, v)
	}
	return out, nil
}

// newest is the time of the newest event the snapshot holds (zero when empty).
func newest(snap *store.Snapshot) time.Time {
	var t time.Time
	for _, f := range snap.Files {
		if m := f.MaxTime.UTC(); m.After(t) {
			t = m
		}
	}
	return t
}
