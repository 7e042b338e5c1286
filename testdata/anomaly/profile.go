package anomaly

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/valyala/fastjson"
)

// Series is the per-minute count of one series over the profiled range.
type Series struct {
	Key    Key
	Counts []int32 // Counts[i] counts minute Profile.Start + i
	Total  int64
}

// CallInfo is what the profile knows of one management API call.
type CallInfo struct {
	Call
	ReadOnly  bool
	EventType string
	Calls     int64            // management events of the call in the range
	Errors    map[string]int64 // error code → events in the range
	// Sample is a successful record of the call, the earliest (by eventTime, then eventID) so
	// that it does not depend on the order files were read in.
	Sample     []byte
	sampleRank string
}

// Profile holds the series of normal trail logs: what an Insights detector would count, minute
// by minute, before anything is injected.
type Profile struct {
	Start   time.Time // a whole minute
	Minutes int
	Events  int64 // records read, of every category, in the range or not
	Outside int64 // records read whose eventTime is outside the range (not in any series)
	// PerMinute counts the records of every category in each minute of the range: the base of
	// rates such as false insights per million events of a window.
	PerMinute []int32
	Series    map[Key]*Series
	Calls     map[Call]*CallInfo
}

// NewProfile returns an empty profile of minutes minutes from start.
func NewProfile(start time.Time, minutes int) *Profile {
	return &Profile{Start: start.UTC().Truncate(time.Minute), Minutes: minutes, PerMinute: make([]int32, minutes),
		Series: map[Key]*Series{}, Calls: map[Call]*CallInfo{}}
}

// EventsIn returns the number of records of every category in the minutes of w that are in
// the range.
func (p *Profile) EventsIn(w Window) int64 {
	var n int64
	for t := w.Start.Truncate(time.Minute); t.Before(w.End); t = t.Add(time.Minute) {
		if i, ok := p.Minute(t); ok {
			n += int64(p.PerMinute[i])
		}
	}
	return n
}

// End returns the first minute after the range.
func (p *Profile) End() time.Time { return p.Start.Add(time.Duration(p.Minutes) * time.Minute) }

// Minute returns the index of t's minute in the range, or false outside it.
func (p *Profile) Minute(t time.Time) (int, bool) {
	if t.Before(p.Start) {
		return 0, false
	}
	i := int(t.Sub(p.Start) / time.Minute)
	return i, i < p.Minutes
}

// Add counts n more events of series k at t's minute; outside the range it does nothing. The
// events are not counted in Events and PerMinute: a caller adding new records does that.
func (p *Profile) Add(k Key, t time.Time, n int) {
	i, ok := p.Minute(t)
	if !ok || n == 0 {
		return
	}
	p.series(k).add(i, int32(n))
}

func (p *Profile) series(k Key) *Series {
	s := p.Series[k]
	if s == nil {
		s = &Series{Key: k, Counts: make([]int32, p.Minutes)}
		p.Series[k] = s
	}
	return s
}

func (s *Series) add(minute int, n int32) {
	s.Counts[minute] += n
	s.Total += int64(n)
}

// ProfileTrail reads every trail file under dir and counts, per series and minute of
// [start, start+minutes), the write management calls (call rate) and the management calls
// with each error code (error rate), as the Insights job defines them.
func ProfileTrail(ctx context.Context, dir string, start time.Time, minutes int) (*Profile, error) {
	files, err := listTrail(dir)
	if err != nil {
		return nil, err
	}
	p := NewProfile(start, minutes)
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	jobs := make(chan string)
	var (
		wg sync.WaitGroup
		mu sync.Mutex
	)
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var parser fastjson.Parser
			for path := range jobs {
				acc, err := p.profileFile(ctx, &parser, path)
				if err != nil {
					cancel(err)
					continue
				}
				mu.Lock()
				p.merge(acc)
				mu.Unlock()
			}
		}()
	}
feed:
	for _, f := range files {
		select {
		case jobs <- f.path:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return nil, fmt.Errorf("profile %s: %w", dir, err)
	}
	return p, nil
}

// hit is one series minute of one file.
type hit struct {
	key    Key
	minute int32
}

// fileProfile is one file's share of a profile, merged under a lock: files are small (one
// region, five minutes), so the lock is taken once per few hundred records.
type fileProfile struct {
	hits            map[hit]int32
	calls           map[Call]*CallInfo
	perMinute       map[int32]int32
	events, outside int64
}

func (p *Profile) profileFile(ctx context.Context, parser *fastjson.Parser, path string) (*fileProfile, error) {
	acc := &fileProfile{hits: map[hit]int32{}, calls: map[Call]*CallInfo{}, perMinute: map[int32]int32{}}
	err := readRecords(ctx, path, func(raw []byte) error {
		acc.events++
		v, err := parser.ParseBytes(raw)
		if err != nil {
			return fmt.Errorf("record %d: %w", acc.events, err)
		}
		t, err := time.Parse(time.RFC3339, string(v.GetStringBytes("eventTime")))
		if err != nil {
			return fmt.Errorf("record %d: eventTime: %w", acc.events, err)
		}
		minute, ok := p.Minute(t)
		if !ok {
			acc.outside++
			return nil
		}
		acc.perMinute[int32(minute)]++
		if !v.GetBool("managementEvent") {
			return nil
		}
		c := Call{string(v.GetStringBytes("recipientAccountId")), string(v.GetStringBytes("awsRegion")),
			string(v.GetStringBytes("eventSource")), string(v.GetStringBytes("eventName"))}
		if c.Account == "" || c.Region == "" || c.EventSource == "" || c.EventName == "" {
			return fmt.Errorf("record %d: %w", acc.events, errIncomplete)
		}
		readOnly := v.GetBool("readOnly")
		code := string(v.GetStringBytes("errorCode"))
		if !readOnly {
			acc.hits[hit{c.Series(CallRate, ""), int32(minute)}]++
		}
		if code != "" {
			acc.hits[hit{c.Series(ErrorRate, code), int32(minute)}]++
		}
		info := acc.calls[c]
		if info == nil {
			info = &CallInfo{Call: c, ReadOnly: readOnly, EventType: string(v.GetStringBytes("eventType")), Errors: map[string]int64{}}
			acc.calls[c] = info
		}
		info.Calls++
		if code != "" {
			info.Errors[code]++
			return nil
		}
		rank := string(v.GetStringBytes("eventTime")) + string(v.GetStringBytes("eventID"))
		if info.Sample == nil || rank < info.sampleRank {
			info.Sample, info.sampleRank = append([]byte(nil), raw...), rank
		}
		return nil
	})
	return acc, err
}

var errIncomplete = errors.New("management event without recipientAccountId, awsRegion, eventSource or eventName")

func (p *Profile) merge(acc *fileProfile) {
	p.Events += acc.events
	p.Outside += acc.outside
	for m, n := range acc.perMinute {
		p.PerMinute[m] += n
	}
	for h, n := range acc.hits {
		p.series(h.key).add(int(h.minute), n)
	}
	for c, in := range acc.calls {
		have := p.Calls[c]
		if have == nil {
			p.Calls[c] = in
			continue
		}
		have.Calls += in.Calls
		for code, n := range in.Errors {
			have.Errors[code] += n
		}
		if in.Sample != nil && (have.Sample == nil || in.sampleRank < have.sampleRank) {
			have.Sample, have.sampleRank = in.Sample, in.sampleRank
		}
	}
}

// Home returns the account and region with the most management calls: where a steady series
// is added when the data has none.
func (p *Profile) Home() (account, region string) {
	type ar struct{ account, region string }
	calls := map[ar]int64{}
	for c, info := range p.Calls {
		calls[ar{c.Account, c.Region}] += info.Calls
	}
	var best ar
	var most int64 = -1
	for k, n := range calls {
		if n > most || n == most && (k.account < best.account || k.account == best.account && k.region < best.region) {
			best, most = k, n
		}
	}
	return best.account, best.region
}
