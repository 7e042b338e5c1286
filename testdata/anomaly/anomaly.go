// Package anomaly measures a CloudTrail Insights detector: it profiles normal generated trail
// logs (testdata/gen), plans anomalies of each kind on them (rate spikes, drops to zero, error
// bursts), injects them into the trail files, and scores the Insights records the detector
// wrote against what was injected.
//
// Everything is deterministic: the same trail files and seed give the same plan, the same
// injected files and so the same score.
package anomaly

import (
	"fmt"
	"time"
)

// Insight types, as in insightDetails.insightType.
const (
	CallRate  = "ApiCallRateInsight"
	ErrorRate = "ApiErrorRateInsight"
)

// Kind is the kind of an injected anomaly.
type Kind string

// The kinds of anomaly: extra write calls, a series that stops, errors a call never returns.
const (
	Spike      Kind = "Spike"
	Drop       Kind = "Drop"
	ErrorBurst Kind = "ErrorBurst"
)

// Kinds lists the kinds in report order.
var Kinds = []Kind{Spike, Drop, ErrorBurst}

// Key identifies one series an Insights detector watches: the per-minute count of write
// management calls (CallRate, ErrorCode empty) or of one error code over read and write
// management calls (ErrorRate) of one API in one account and region.
type Key struct {
	Account, Region, EventSource, EventName, InsightType, ErrorCode string
}

func (k Key) String() string {
	s := fmt.Sprintf("%s/%s %s:%s %s", k.Account, k.Region, k.EventSource, k.EventName, k.InsightType)
	if k.ErrorCode != "" {
		s += " " + k.ErrorCode
	}
	return s
}

// Call is the (account, region, source, name) part of a Key: the API called, whatever is
// counted of it.
type Call struct {
	Account, Region, EventSource, EventName string
}

// Call returns the API the series counts calls of.
func (k Key) Call() Call { return Call{k.Account, k.Region, k.EventSource, k.EventName} }

// Series returns the key of the series of c of the given insight type and error code.
func (c Call) Series(insightType, errorCode string) Key {
	return Key{c.Account, c.Region, c.EventSource, c.EventName, insightType, errorCode}
}

// Injection is one planned anomaly on one series, from Start for Minutes minutes.
type Injection struct {
	Kind                                    Kind
	Account, Region, EventSource, EventName string
	InsightType, ErrorCode                  string
	Start                                   time.Time // a whole minute
	Minutes                                 int
	// PerMinute is how many events are added in each minute (Spike: write calls, ErrorBurst:
	// failed calls); 0 for a Drop, which removes every call of the series instead.
	PerMinute int
	// ReadOnly is the readOnly of the injected calls. An error burst on a write API also adds
	// write calls, so the detector may rightly see a call-rate anomaly beside it.
	ReadOnly bool
	// Level says which part of the population the series was picked from ("rare", "medium",
	// "busy", "steady", …), for the report.
	Level string
	// BaselineMax is the series' largest per-minute count in the baseline week, what a spike's
	// size is measured against.
	BaselineMax int
	// Sample is one normal record of the call that injected events are modelled on (identity,
	// request, response); empty means a generic record.
	Sample []byte `json:"-"`
}

// Key returns the series the injection is on.
func (in Injection) Key() Key {
	return Key{in.Account, in.Region, in.EventSource, in.EventName, in.InsightType, in.ErrorCode}
}

// End returns the first minute after the injection.
func (in Injection) End() time.Time { return in.Start.Add(time.Duration(in.Minutes) * time.Minute) }

func (in Injection) String() string {
	what := fmt.Sprintf("+%d/min", in.PerMinute)
	if in.Kind == Drop {
		what = "to zero"
	}
	return fmt.Sprintf("%s %s %s %dmin %s (%s, baseline max %d/min)", in.Kind, in.Key(),
		in.Start.Format("2006-01-02T15:04Z"), in.Minutes, what, in.Level, in.BaselineMax)
}

// Window is a time range [Start, End).
type Window struct{ Start, End time.Time }
