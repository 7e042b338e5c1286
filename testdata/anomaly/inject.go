package anomaly

import (
	"context"
	"fmt"
	"github.com/ctlake/ctlake/testdata/gen"
	"time"

	"github.com/valyala/fastjson"
)

// InjectStats says what Inject changed in the trail.
type InjectStats struct {
	Added     int64 // events written by spikes and error bursts
	Removed   int64 // events removed by drops
	Files     int   // trail files added
	Rewritten int   // trail files rewritten by drops
}

// Inject applies injections to the trail files under dir: spikes and error bursts are written
// as additional trail files, one per injection and five minutes, as a trail delivers them;
// drops rewrite the files that hold calls of their series in their minutes, without those
// calls. The other records of a rewritten file keep their exact bytes.
func Inject(ctx context.Context, dir string, injections []Injection) (InjectStats, error) {
	var st InjectStats
	var drops []Injection
	for _, in := range injections {
		if err := validate(in); err != nil {
			return st, fmt.Errorf("inject: %w", err)
		}
		if in.Kind == Drop {
			drops = append(drops, in)
		}
	}
	// Drops first, so that they can never remove an event another injection added.
	if len(drops) > 0 {
		if err := applyDrops(ctx, dir, drops, &st); err != nil {
			return st, fmt.Errorf("inject: %w", err)
		}
	}
	for _, in := range injections {
		if in.Kind == Drop {
			continue
		}
		if err := writeInjection(ctx, dir, in, &st); err != nil {
			return st, fmt.Errorf("inject %s: %w", in, err)
		}
	}
	return st, nil
}

func validate(in Injection) error {
	switch {
	case in.Kind != Spike && in.Kind != Drop && in.Kind != ErrorBurst:
		return fmt.Errorf("unknown kind %q", in.Kind)
	case in.Minutes <= 0 || !in.Start.Equal(in.Start.Truncate(time.Minute)):
		return fmt.Errorf("%s: start must be a whole minute and length positive", in)
	case in.Kind != Drop && in.PerMinute <= 0:
		return fmt.Errorf("%s: no events per minute", in)
	case in.Kind == ErrorBurst && in.ErrorCode == "":
		return fmt.Errorf("%s: error burst without an error code", in)
	case in.Kind != ErrorBurst && in.ReadOnly:
		return fmt.Errorf("%s: a call-rate injection must be on write calls", in)
	}
	return nil
}

// dropMargin widens the files a drop looks into beyond the delivery times in their names:
// a trail delivers a call in the file of its five minutes, but a hand-made trail may not.
const dropMargin = 15 * time.Minute

func applyDrops(ctx context.Context, dir string, drops []Injection, st *InjectStats) error {
	files, err := listTrail(dir)
	if err != nil {
		return err
	}
	var parser fastjson.Parser
	for _, f := range files {
		var mine []Injection
		for _, d := range drops {
			if d.Account == f.account && d.Region == f.region &&
				f.stamp.Before(d.End().Add(dropMargin)) && f.stamp.After(d.Start.Add(-dropMargin)) {
				mine = append(mine, d)
			}
		}
		if len(mine) == 0 {
			continue
		}
		removed, err := rewriteWithout(ctx, &parser, f.path, mine)
		if err != nil {
			return err
		}
		if removed > 0 {
			st.Removed += removed
			st.Rewritten++
		}
	}
	return nil
}

// rewriteWithout rewrites the file at path without the write calls the drops remove, and
// returns how many it removed; a file that loses nothing is left untouched.
func rewriteWithout(ctx context.Context, parser *fastjson.Parser, path string, drops []Injection) (int64, error) {
	var kept [][]byte
	var removed int64
	err := readRecords(ctx, path, func(raw []byte) error {
		v, err := parser.ParseBytes(raw)
		if err != nil {
			return err
		}
		drop, err := dropped(v, drops)
		if err != nil {
			return err
		}
		if drop {
			removed++
		} else {
			kept = append(kept, append([]byte(nil), raw...))
		}
		return nil
	})
	if err != nil || removed == 0 {
		return 0, err
	}
	return removed, writeTrailFile(path, kept)
}

// dropped reports whether the record is a write management call of a drop's series in the
// drop's minutes.
func dropped(v *fastjson.Value, drops []Injection) (bool, error) {
	if !v.GetBool("managementEvent") || v.GetBool("readOnly") {
		return false, nil
	}
	t, err := time.Parse(time.RFC3339, string(v.GetStringBytes("eventTime")))
	if err != nil {
		return false, fmt.Errorf("eventTime: %w", err)
	}
	c := Call{string(v.GetStringBytes("recipientAccountId")), string(v.GetStringBytes("awsRegion")),
		string(v.GetStringBytes("eventSource")), string(v.GetStringBytes("eventName"))}
	for _, d := range drops {
		if c == d.Key().Call() && !t.Before(d.Start) && t.Before(d.End()) {
			return true, nil
		}
	}
	return false, nil
}

// writeInjection writes the events of a spike or an error burst, one trail file per delivery
// window it touches.
func writeInjection(ctx context.Context, dir string, in Injection, st *InjectStats) error {
	c := in.Key().Call()
	template := in.Sample
	if len(template) == 0 {
		template = genericRecord(c, in.ReadOnly, "ops-automation-role", "runaway-job")
	}
	seed := gen.Hash2(hashString(in.Key().String()), uint64(in.Start.Unix()))
	m, err := newRecordMaker(template, seed)
	if err != nil {
		return err
	}
	msg := ""
	if in.Kind == ErrorBurst {
		msg = errorMessage(in.ErrorCode, c, string(m.tmpl.GetStringBytes("userIdentity", "arn")))
	}
	end := in.End()
	for file := in.Start.Truncate(deliveryWindow); file.Before(end); file = file.Add(deliveryWindow) {
		if err := ctx.Err(); err != nil {
			return err
		}
		var records [][]byte
		for minute := maxTime(file, in.Start); minute.Before(end) && minute.Before(file.Add(deliveryWindow)); minute = minute.Add(time.Minute) {
			for _, sec := range m.seconds(in.PerMinute) {
				records = append(records, m.record(minute.Add(time.Duration(sec)*time.Second), in.ErrorCode, msg))
			}
		}
		if err := writeTrailFile(trailPath(dir, in.Account, in.Region, file, m.r.Chars(alnum, 16)), records); err != nil {
			return err
		}
		st.Added += int64(len(records))
		st.Files++
	}
	return nil
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
