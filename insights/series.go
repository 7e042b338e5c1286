package insights

import (
	"strings"
	"time"
)

// Key names one series the job follows: what is counted per minute.
type Key struct {
	Account     string `json:"recipientAccountId"`
	Region      string `json:"awsRegion"`
	EventSource string `json:"eventSource"`
	EventName   string `json:"eventName"`
	InsightType string `json:"insightType"`
	ErrorCode   string `json:"errorCode,omitempty"` // ApiErrorRateInsight only
}

// String is the key as one text, used as a map key in the state file.
func (k Key) String() string {
	return strings.Join([]string{k.Account, k.Region, k.EventSource, k.EventName, k.InsightType, k.ErrorCode}, "|")
}

// grid holds per-minute counts of many series over [from, from+n minutes).
type grid struct {
	from   time.Time
	n      int
	series map[Key][]int32
}

func newGrid(from time.Time, n int) *grid {
	return &grid{from: from, n: n, series: map[Key][]int32{}}
}

// add counts c calls of series k at minute index m.
func (g *grid) add(k Key, m int, c int32) {
	if m < 0 || m >= g.n {
		return
	}
	s := g.series[k]
	if s == nil {
		s = make([]int32, g.n)
		g.series[k] = s
	}
	s[m] += c
}

// index returns the minute index of t.
func (g *grid) index(t time.Time) int { return int(t.Sub(g.from) / time.Minute) }

// window returns series k's counts over [from, to) (nil when it has none there).
func (g *grid) window(k Key, from, to time.Time) []int32 {
	s := g.series[k]
	if s == nil {
		return nil
	}
	i, j := g.index(from), g.index(to)
	if i < 0 || j > g.n || i > j {
		return nil
	}
	return s[i:j]
}
