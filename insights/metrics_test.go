package insights

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestMetrics(t *testing.T) {
	f := newFixture(t)
	del := call{source: "iam.amazonaws.com", name: "DeleteRole"}
	at := time.Date(2019, 11, 7, 10, 0, 0, 0, time.UTC)
	calls := append(burst(at, 4, del), burst(at.Add(2*time.Minute), 2, del)...)
	denied := del
	denied.errorCode = "AccessDenied"
	calls = append(calls, burst(at.Add(2*time.Minute), 3, denied)...)
	read := del
	read.readOnly, read.name = true, "GetRole"
	calls = append(calls, burst(at, 9, read)...) // reads without errors count for neither type
	f.add(t, calls)
	ctx := context.Background()
	in := MetricsInput{Source: "trail", EventSource: "iam.amazonaws.com", EventName: "DeleteRole", InsightType: CallRate,
		StartTime: at.Add(-time.Minute), EndTime: at.Add(4 * time.Minute)}
	out, err := Metrics(ctx, f.st, in)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(out.Values) != "[0 4 0 5 0]" || !out.Timestamps[1].Equal(at) {
		t.Errorf("calls: %v at %v", out.Values, out.Timestamps)
	}
	in.InsightType, in.ErrorCode = ErrorRate, "AccessDenied"
	if out, err = Metrics(ctx, f.st, in); err != nil || fmt.Sprint(out.Values) != "[0 0 0 3 0]" {
		t.Errorf("errors: %v %v", out, err)
	}
	in.DataType, in.Period = NonZeroData, 120
	if out, err = Metrics(ctx, f.st, in); err != nil || fmt.Sprint(out.Values) != "[3]" || !out.Timestamps[0].Equal(at.Add(2*time.Minute)) {
		t.Errorf("non-zero, 2-minute periods: %+v %v", out, err)
	}
	for _, bad := range []MetricsInput{
		{Source: "trail", EventSource: "a", EventName: "b", InsightType: "ApiRate"},
		{Source: "trail", EventName: "b", InsightType: CallRate},
		{Source: "trail", EventSource: "a", EventName: "b", InsightType: CallRate, ErrorCode: "X"},
		{Source: "trail", EventSource: "a", EventName: "b", InsightType: CallRate, Period: 90},
		{Source: "trail", EventSource: "a", EventName: "b", InsightType: CallRate, DataType: "All"},
		{Source: "trail", EventSource: "a", EventName: "b", InsightType: CallRate, StartTime: at, EndTime: at},
	} {
		if _, err := Metrics(ctx, f.st, bad); !errors.Is(err, ErrInvalidParameter) {
			t.Errorf("%+v: %v, want ErrInvalidParameter", bad, err)
		}
	}
}

func TestEnableRules(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for _, c := range []struct {
		in   EnableInput
		want error
	}{
		{EnableInput{Source: "trail", Destination: "insights", Types: []string{"ApiCallRate"}}, ErrInvalidSelectors},
		{EnableInput{Source: "trail", Destination: "insights", Types: []string{CallRate, CallRate}}, ErrInvalidSelectors},
		{EnableInput{Source: "trail", Destination: "trail"}, ErrInvalidParameter},
		{EnableInput{Source: "insights", Destination: "trail"}, ErrInvalidParameter},
		{EnableInput{Source: "trail"}, ErrInvalidParameter},
	} {
		if _, err := Enable(ctx, f.st, c.in); !errors.Is(err, c.want) {
			t.Errorf("%+v: %v, want %v", c.in, err, c.want)
		}
	}
	s, err := Enable(ctx, f.st, EnableInput{Source: "trail", Destination: "insights", Types: []string{ErrorRate}})
	if err != nil || !s.Has(ErrorRate) || s.Has(CallRate) {
		t.Fatalf("%+v %v", s, err)
	}
	if _, err := Disable(ctx, f.st, "trail"); err != nil {
		t.Fatal(err)
	}
	if _, err := Get(ctx, f.st, "trail"); !errors.Is(err, ErrNotEnabled) {
		t.Errorf("after disable: %v", err)
	}
	if rep, err := Run(ctx, f.st, RunOptions{}); err != nil || len(rep.Sources) != 0 {
		t.Errorf("a run with nothing enabled: %+v %v", rep, err)
	}
}
