package anomaly

import (
	"context"
	"fmt"
	"github.com/ctlake/ctlake/testdata/gen"
	"sort"
	"time"

	"github.com/valyala/fastjson"
)

// A drop to zero is only an anomaly on a series that is never quiet: one with calls in
// essentially every minute. The generator's busiest series are steady at ten million events
// over two weeks but not at one million, so a benchmark may need to add one to the normal data.

// steadyShare is the share of baseline minutes with calls that makes a series steady.
const steadyShare = 0.99

// FindSteady returns the call-rate series of API calls that have calls in at least 99% of the
// minutes of baseline, busiest first.
func FindSteady(p *Profile, baseline Window) []Key {
	from, to, ok := p.span(baseline)
	if !ok {
		return nil
	}
	type cand struct {
		key   Key
		total int64
	}
	var cands []cand
	for k, s := range p.Series {
		info := p.Calls[k.Call()]
		if k.InsightType != CallRate || info == nil || info.EventType != "AwsApiCall" {
			continue
		}
		var nonzero int
		var total int64
		for _, c := range s.Counts[from:to] {
			if c > 0 {
				nonzero++
			}
			total += int64(c)
		}
		if float64(nonzero) >= steadyShare*float64(to-from) {
			cands = append(cands, cand{k, total})
		}
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].total != cands[j].total {
			return cands[i].total > cands[j].total
		}
		return keyLess(cands[i].key, cands[j].key)
	})
	keys := make([]Key, len(cands))
	for i, c := range cands {
		keys[i] = c.key
	}
	return keys
}

// Steady is a series of normal calls added around the clock.
type Steady struct {
	Call
	PerMinute int // calls per minute, give or take 2
	Seed      int64
}

// DefaultSteady is the steady series of the CloudTrail Insights documentation's example: an
// automation role calling ec2 AuthorizeSecurityGroupIngress about 20 times a minute.
func DefaultSteady(account, region string, seed int64) Steady {
	return Steady{Call: Call{account, region, "ec2.amazonaws.com", "AuthorizeSecurityGroupIngress"}, PerMinute: 20, Seed: seed}
}

// sgIngressRequest and sgIngressResponse make the steady series' records look like the real
// call: the role keeps re-opening HTTPS from one internal range on one security group.
const (
	sgIngressRequest  = `{"groupId":"sg-0c1d2e3f4a5b6c7d8","ipPermissions":{"items":[{"ipProtocol":"tcp","fromPort":443,"toPort":443,"groups":{},"ipRanges":{"items":[{"cidrIp":"10.40.0.0/16","description":"sg-sync"}]},"ipv6Ranges":{},"prefixListIds":{}}]}}`
	sgIngressResponse = `{"requestId":"00000000-0000-4000-8000-000000000000","_return":true,"securityGroupRuleSet":{"items":[{"groupOwnerId":"%s","groupId":"sg-0c1d2e3f4a5b6c7d8","securityGroupRuleId":"sgr-0a9b8c7d6e5f40312","isEgress":false,"ipProtocol":"tcp","fromPort":443,"toPort":443,"cidrIpv4":"10.40.0.0/16","description":"sg-sync"}]}}`
)

func steadyTemplate(s Steady) ([]byte, error) {
	v, err := fastjson.ParseBytes(genericRecord(s.Call, false, "sg-sync-role", "sg-sync"))
	if err != nil {
		return nil, fmt.Errorf("steady template: %w", err)
	}
	if s.EventName == "AuthorizeSecurityGroupIngress" {
		req, err := fastjson.Parse(sgIngressRequest)
		if err != nil {
			return nil, fmt.Errorf("steady request: %w", err)
		}
		resp, err := fastjson.Parse(fmt.Sprintf(sgIngressResponse, s.Account))
		if err != nil {
			return nil, fmt.Errorf("steady response: %w", err)
		}
		v.Set("requestParameters", req)
		v.Set("responseElements", resp)
	}
	return v.MarshalTo(nil), nil
}

// AddSteady writes s over the whole range of p as additional trail files under dir, one per
// five minutes like a trail's deliveries, and counts it into p as normal data. It returns the
// number of events written.
func AddSteady(ctx context.Context, dir string, p *Profile, s Steady) (int64, error) {
	tmpl, err := steadyTemplate(s)
	if err != nil {
		return 0, err
	}
	m, err := newRecordMaker(tmpl, gen.Hash2(uint64(s.Seed), hashString(s.Call.Series(CallRate, "").String())))
	if err != nil {
		return 0, err
	}
	key := s.Series(CallRate, "")
	info := p.Calls[s.Call]
	if info == nil {
		info = &CallInfo{Call: s.Call, EventType: "AwsApiCall", Errors: map[string]int64{}}
		p.Calls[s.Call] = info
	}
	var written int64
	for file := p.Start; file.Before(p.End()); file = file.Add(deliveryWindow) {
		if err := ctx.Err(); err != nil {
			return written, err
		}
		var records [][]byte
		for minute := file; minute.Before(file.Add(deliveryWindow)) && minute.Before(p.End()); minute = minute.Add(time.Minute) {
			n := max(0, s.PerMinute-2+m.r.Intn(5))
			for _, sec := range m.seconds(n) {
				rec := m.record(minute.Add(time.Duration(sec)*time.Second), "", "")
				records = append(records, rec)
				// The sample ProfileTrail would pick if it read these files.
				if info.Sample == nil || m.rank < info.sampleRank {
					info.Sample, info.sampleRank = rec, m.rank
				}
			}
			p.Add(key, minute, n)
			if i, ok := p.Minute(minute); ok {
				p.PerMinute[i] += int32(n)
			}
		}
		path := trailPath(dir, s.Account, s.Region, file, m.r.Chars(alnum, 16))
		if err := writeTrailFile(path, records); err != nil {
			return written, fmt.Errorf("steady series: %w", err)
		}
		written += int64(len(records))
	}
	p.Events += written
	info.Calls += written
	return written, nil
}

// deliveryWindow is how much time one trail file covers.
const deliveryWindow = 5 * time.Minute

// seconds returns n sorted random seconds of a minute, the times of n calls in it.
func (m *recordMaker) seconds(n int) []int {
	secs := make([]int, n)
	for i := range secs {
		secs[i] = m.r.Intn(60)
	}
	sort.Ints(secs)
	return secs
}

// span returns w as minute indexes [from, to) of p, false when w is not inside p's range.
func (p *Profile) span(w Window) (from, to int, ok bool) {
	from, ok1 := p.Minute(w.Start)
	last, ok2 := p.Minute(w.End.Add(-time.Minute))
	if !ok1 || !ok2 || last < from {
		return 0, 0, false
	}
	return from, last + 1, true
}

func keyLess(a, b Key) bool {
	if a.Account != b.Account {
		return a.Account < b.Account
	}
	if a.Region != b.Region {
		return a.Region < b.Region
	}
	if a.EventSource != b.EventSource {
		return a.EventSource < b.EventSource
	}
	if a.EventName != b.EventName {
		return a.EventName < b.EventName
	}
	if a.InsightType != b.InsightType {
		return a.InsightType < b.InsightType
	}
	return a.ErrorCode < b.ErrorCode
}
