package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// testClock is a settable clock for retention and pending-deletion tests.
type testClock struct{ t time.Time }

func (c *testClock) now() time.Time { return c.t }

func openTest(t *testing.T) (*Store, *testClock) {
	t.Helper()
	clk := &testClock{t: time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)}
	s, err := Open(t.TempDir(), WithClock(clk.now))
	if err != nil {
		t.Fatal(err)
	}
	return s, clk
}

func off() *bool { b := false; return &b }

func TestCreateDefaults(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	e, err := s.CreateEDS(ctx, CreateInput{Name: "my-store_1.x"})
	if err != nil {
		t.Fatal(err)
	}
	if e.Status != StatusEnabled || e.RetentionPeriod != 366 || !e.TerminationProtectionEnabled ||
		e.BillingMode != BillingExtendable || !e.MultiRegionEnabled {
		t.Errorf("defaults wrong: %+v", e)
	}
	if !strings.HasPrefix(e.EventDataStoreArn, "arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/") || len(e.ID()) != 36 {
		t.Errorf("arn %q id %q", e.EventDataStoreArn, e.ID())
	}
	if len(e.AdvancedEventSelectors) != 1 || e.AdvancedEventSelectors[0].FieldSelectors[0].Equals[0] != "Management" {
		t.Errorf("default selectors %+v", e.AdvancedEventSelectors)
	}
	for _, ref := range []string{e.Name, e.ID(), strings.ToUpper(e.ID()), e.EventDataStoreArn} {
		got, err := s.GetEDS(ctx, ref)
		if err != nil || got.EventDataStoreArn != e.EventDataStoreArn {
			t.Errorf("GetEDS(%q) = %v, %v", ref, got, err)
		}
	}
	fixed, err := s.CreateEDS(ctx, CreateInput{Name: "fixed", BillingMode: BillingFixed})
	if err != nil || fixed.RetentionPeriod != 2557 {
		t.Errorf("fixed default retention: %v %v", fixed, err)
	}
	stopped, err := s.CreateEDS(ctx, CreateInput{Name: "stopped", NoStartIngestion: true})
	if err != nil || stopped.Status != StatusStoppedIngestion {
		t.Errorf("no-start-ingestion: %v %v", stopped, err)
	}
}

func TestCreateValidation(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	cases := []struct {
		in   CreateInput
		want error
		text string
	}{
		{CreateInput{Name: "ab"}, ErrInvalidParameter, `"ab"`},
		{CreateInput{Name: "has space"}, ErrInvalidParameter, "has space"},
		{CreateInput{Name: strings.Repeat("a", 129)}, ErrInvalidParameter, "128"},
		{CreateInput{Name: "ok1", RetentionPeriod: 6}, ErrInvalidParameter, "7 to 3653"},
		{CreateInput{Name: "ok2", RetentionPeriod: 3654}, ErrInvalidParameter, "7 to 3653"},
		{CreateInput{Name: "ok3", RetentionPeriod: 2558, BillingMode: BillingFixed}, ErrInvalidParameter, "7 to 2557"},
		{CreateInput{Name: "ok4", BillingMode: "CHEAP"}, ErrInvalidParameter, "CHEAP"},
		{CreateInput{Name: "ok5", AdvancedEventSelectors: []AdvancedEventSelector{{FieldSelectors: []FieldSelector{{Field: "eventCategory", Equals: []string{"Management"}}, {Field: "bogus", Equals: []string{"x"}}}}}}, ErrInvalidSelectors, "bogus"},
	}
	for _, c := range cases {
		_, err := s.CreateEDS(ctx, c.in)
		if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.text) {
			t.Errorf("CreateEDS(%q): %v, want %v mentioning %q", c.in.Name, err, c.want, c.text)
		}
	}
	if _, err := s.CreateEDS(ctx, CreateInput{Name: "dup"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateEDS(ctx, CreateInput{Name: "dup"}); !errors.Is(err, ErrAlreadyExists) {
		t.Errorf("duplicate name: %v", err)
	}
	for i := 0; i < 9; i++ {
		_, err := s.CreateEDS(ctx, CreateInput{Name: "many-" + string(rune('a'+i))})
		if i < 9 && err != nil && !errors.Is(err, ErrMaxLimit) {
			t.Fatal(err)
		}
	}
	if _, err := s.CreateEDS(ctx, CreateInput{Name: "eleventh"}); !errors.Is(err, ErrMaxLimit) {
		t.Errorf("11th store: %v", err)
	}
}

func TestDeleteRestorePurge(t *testing.T) {
	s, clk := openTest(t)
	ctx := context.Background()
	e, _ := s.CreateEDS(ctx, CreateInput{Name: "gone"})
	if _, err := s.DeleteEDS(ctx, "gone"); !errors.Is(err, ErrTerminationProtected) {
		t.Fatalf("delete with protection: %v", err)
	}
	if _, err := s.UpdateEDS(ctx, "gone", UpdateInput{TerminationProtection: off()}); err != nil {
		t.Fatal(err)
	}
	d, err := s.DeleteEDS(ctx, e.ID())
	if err != nil || d.Status != StatusPendingDeletion {
		t.Fatalf("delete: %v %v", d, err)
	}
	if _, err := s.Snapshot(ctx, "gone"); !errors.Is(err, ErrInactive) {
		t.Errorf("query of a deleted store: %v", err)
	}
	if _, err := s.NewAppender(ctx, "gone"); !errors.Is(err, ErrInactive) {
		t.Errorf("ingest into a deleted store: %v", err)
	}
	r, err := s.RestoreEDS(ctx, "gone")
	if err != nil || r.Status != StatusEnabled {
		t.Fatalf("restore: %v %v", r, err)
	}
	if _, err := s.RestoreEDS(ctx, "gone"); !errors.Is(err, ErrInvalidStatus) {
		t.Errorf("restore of an active store: %v", err)
	}
	if _, err := s.DeleteEDS(ctx, "gone"); err != nil {
		t.Fatal(err)
	}
	clk.t = clk.t.Add(6 * 24 * time.Hour)
	if _, err := s.GetEDS(ctx, "gone"); err != nil {
		t.Errorf("still restorable after 6 days: %v", err)
	}
	clk.t = clk.t.Add(25 * time.Hour)
	if _, err := s.GetEDS(ctx, "gone"); !errors.Is(err, ErrNotFound) {
		t.Errorf("after 7 days: %v", err)
	}
	if _, err := s.RestoreEDS(ctx, "gone"); !errors.Is(err, ErrNotFound) {
		t.Errorf("restore after purge: %v", err)
	}
}

func TestIngestionStartStop(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	s.CreateEDS(ctx, CreateInput{Name: "flow"})
	if _, err := s.StartIngestion(ctx, "flow"); !errors.Is(err, ErrInvalidStatus) {
		t.Errorf("start when enabled: %v", err)
	}
	e, err := s.StopIngestion(ctx, "flow")
	if err != nil || e.Status != StatusStoppedIngestion {
		t.Fatalf("stop: %v %v", e, err)
	}
	if _, err := s.NewAppender(ctx, "flow"); !errors.Is(err, ErrInactive) {
		t.Errorf("ingest while stopped: %v", err)
	}
	if e, err = s.StartIngestion(ctx, "flow"); err != nil || e.Status != StatusEnabled {
		t.Errorf("start: %v %v", e, err)
	}
}

func TestUpdate(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	s.CreateEDS(ctx, CreateInput{Name: "one", BillingMode: BillingFixed})
	s.CreateEDS(ctx, CreateInput{Name: "two"})
	name, days, ext, fixed := "uno", 90, BillingExtendable, BillingFixed
	e, err := s.UpdateEDS(ctx, "one", UpdateInput{Name: &name, RetentionPeriod: &days, BillingMode: &ext})
	if err != nil || e.Name != "uno" || e.RetentionPeriod != 90 || e.BillingMode != BillingExtendable {
		t.Fatalf("update: %+v %v", e, err)
	}
	if _, err := s.UpdateEDS(ctx, "uno", UpdateInput{BillingMode: &fixed}); !errors.Is(err, ErrInvalidParameter) {
		t.Errorf("back to fixed pricing: %v", err)
	}
	taken := "two"
	if _, err := s.UpdateEDS(ctx, "uno", UpdateInput{Name: &taken}); !errors.Is(err, ErrAlreadyExists) {
		t.Errorf("rename onto an existing name: %v", err)
	}
	bad := 5
	if _, err := s.UpdateEDS(ctx, "uno", UpdateInput{RetentionPeriod: &bad}); !errors.Is(err, ErrInvalidParameter) {
		t.Errorf("retention 5: %v", err)
	}
	if _, err := s.UpdateEDS(ctx, "nope", UpdateInput{}); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown: %v", err)
	}
}
