package insights

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/ctlake/ctlake/ingest"
	"github.com/ctlake/ctlake/store"
)

// fixture is a store with a management source and an Insights destination, Insights enabled.
type fixture struct {
	st       *store.Store
	src, dst *store.EventDataStore
	n        int
}

var insightSelectors = []store.AdvancedEventSelector{{Name: "insights",
	FieldSelectors: []store.FieldSelector{{Field: "eventCategory", Equals: []string{"Insight"}}}}}

func newFixture(t *testing.T, types ...string) *fixture {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(t.TempDir(), store.WithClock(func() time.Time { return time.Date(2019, 11, 20, 0, 0, 0, 0, time.UTC) }))
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{st: st}
	retention := 3653
	if f.src, err = st.CreateEDS(ctx, store.CreateInput{Name: "trail", RetentionPeriod: retention}); err != nil {
		t.Fatal(err)
	}
	if f.dst, err = st.CreateEDS(ctx, store.CreateInput{Name: "insights", RetentionPeriod: retention, AdvancedEventSelectors: insightSelectors}); err != nil {
		t.Fatal(err)
	}
	if _, err := Enable(ctx, st, EnableInput{Source: "trail", Destination: "insights", Types: types}); err != nil {
		t.Fatal(err)
	}
	return f
}

// call is one event to add.
type call struct {
	t         time.Time
	source    string
	name      string
	readOnly  bool
	errorCode string
	user      string
	region    string
}

func (f *fixture) add(t *testing.T, calls []call) {
	t.Helper()
	p := ingest.NewParser()
	events := make([]*store.Event, 0, len(calls))
	for _, c := range calls {
		f.n++
		region := c.region
		if region == "" {
			region = "us-east-1"
		}
		user := c.user
		if user == "" {
			user = "arn:aws:iam::123456789012:user/alice"
		}
		rec := map[string]any{
			"eventVersion": "1.08", "eventTime": c.t.UTC().Format(time.RFC3339), "eventSource": c.source, "eventName": c.name,
			"awsRegion": region, "eventID": fmt.Sprintf("00000000-0000-4000-8000-%012d", f.n), "readOnly": c.readOnly,
			"eventType": "AwsApiCall", "managementEvent": true, "recipientAccountId": "123456789012", "eventCategory": "Management",
			"userIdentity": map[string]any{"type": "IAMUser", "arn": user}, "userAgent": "aws-cli/2.15.0",
		}
		if c.errorCode != "" {
			rec["errorCode"] = c.errorCode
		}
		raw, _ := json.Marshal(rec)
		ev, err := p.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		events = append(events, &ev)
	}
	app, err := f.st.NewAppender(context.Background(), "trail")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(events); i += 50000 {
		if _, err := app.Append(context.Background(), events[i:min(i+50000, len(events))]); err != nil {
			t.Fatal(err)
		}
	}
}

// records runs nothing: it reads the destination's Insights records back, in eventTime order.
func (f *fixture) records(t *testing.T) []Record {
	t.Helper()
	d, err := openDuck(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	snap, err := f.st.Snapshot(context.Background(), "insights")
	if err != nil {
		t.Fatal(err)
	}
	list, _ := files(snap, time.Time{}, time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC))
	if list == "" {
		return nil
	}
	rows, err := d.db.Query(`SELECT "eventJson" FROM read_parquet(` + list + `) ORDER BY "eventTime", "eventJson"`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []Record
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		var r Record
		if err := json.Unmarshal([]byte(s), &r); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

func (f *fixture) run(t *testing.T, at, since time.Time) *Report {
	t.Helper()
	rep, err := Run(context.Background(), f.st, RunOptions{At: at, Since: since})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// every returns calls of one API every step from start for n calls.
func every(start time.Time, step time.Duration, n int, c call) []call {
	out := make([]call, n)
	for i := range out {
		c.t = start.Add(time.Duration(i) * step)
		out[i] = c
	}
	return out
}

// burst returns n calls within the minute at t.
func burst(t time.Time, n int, c call) []call {
	out := make([]call, n)
	for i := range out {
		c.t = t.Add(time.Duration(i) * time.Second)
		out[i] = c
	}
	return out
}

// poisson returns calls of one API over [from, to) at rate(t) calls a minute, at random.
func poisson(rng *rand.Rand, from, to time.Time, rate func(time.Time) float64, c call) []call {
	var out []call
	for t := from; t.Before(to); t = t.Add(time.Minute) {
		lam := rate(t)
		// Knuth's method is fine for the small rates of these tests.
		l, k, p := math.Exp(-lam), 0, 1.0
		for {
			p *= rng.Float64()
			if p <= l {
				break
			}
			k++
		}
		for i := 0; i < k; i++ {
			c.t = t.Add(time.Duration(rng.IntN(60)) * time.Second)
			out = append(out, c)
		}
	}
	return out
}

func removeFile(path string) error { return os.Remove(path) }
