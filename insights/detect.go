package insights

import (
	"time"

	"github.com/google/uuid"
)

// Insight kinds: a rate above the baseline, or a steady API gone silent.
const (
	kindSpike = "spike"
	kindDrop  = "drop"
)

// idSpace is the UUID namespace of the job's deterministic IDs: the same source, series and
// start always give the same sharedEventID, so a repeated run writes the same records.
var idSpace = uuid.MustParse("6f1c2a8e-4f1b-4c53-9a57-1d6b3f0c7e21")

func sharedID(source string, k Key, kind string, start time.Time) string {
	return uuid.NewSHA1(idSpace, []byte(source+"\x00"+k.String()+"\x00"+kind+"\x00"+start.UTC().Format(time.RFC3339))).String()
}

// detector runs the model over minutes for one source, collecting what started and ended.
type detector struct {
	source string // ARN
	calls  bool   // ApiCallRateInsight enabled (drops are call-rate insights)
	// started: insights whose Start record is to be written; ended: whose End record is.
	started, ended []*insight
}

// step processes minute t (count x, hour of day h) of series tr with profile p and baseline
// window start bFrom.
func (d *detector) step(tr *tracker, p *profile, bFrom, t time.Time, x int32) {
	h := t.Hour()
	if o := tr.Open; o != nil {
		switch {
		case o.Kind == kindSpike && p.continuesSpike(x, h):
			o.Minutes++
			o.Sum += int64(x)
			return
		case o.Kind == kindDrop && x == 0:
			o.Minutes++
			return
		}
		o.End = t
		d.ended = append(d.ended, o)
		tr.Open = nil
	}
	least := int32(MinSpike)
	if tr.Key.InsightType == ErrorRate {
		least = MinErrors
	}
	if p.startsSpike(x, h, least) {
		tr.Quiet = nil
		tr.Open = d.open(tr.Key, kindSpike, t, p, bFrom)
		tr.Open.Minutes, tr.Open.Sum = 1, int64(x)
		return
	}
	if x != 0 || !d.calls || tr.Key.InsightType != CallRate {
		tr.Quiet = nil
		return
	}
	lam, steady := p.steady(h)
	if tr.Quiet == nil {
		if !steady {
			return
		}
		tr.Quiet = &quiet{Start: t}
	}
	q := tr.Quiet
	q.Minutes++
	q.Evidence += lam
	if q.Evidence >= DropEvidence && q.Minutes >= MinDropMinutes {
		tr.Open = d.open(tr.Key, kindDrop, q.Start, p, bFrom)
		tr.Open.Minutes = q.Minutes
		tr.Quiet = nil
	}
}

func (d *detector) open(k Key, kind string, start time.Time, p *profile, bFrom time.Time) *insight {
	o := &insight{Kind: kind, SharedEventID: sharedID(d.source, k, kind, start), Start: start,
		Baseline: p.average, BaselineMinutes: p.minutes, BaselineFrom: bFrom, key: k}
	d.started = append(d.started, o)
	return o
}
