package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestSavedQueries(t *testing.T) {
	s, clk := openTest(t)
	ctx := context.Background()
	q, err := s.SaveQuery(ctx, SavedQuery{Name: "by-ip", Lang: LangSQL, Description: "calls from one IP",
		Statement: "SELECT * FROM trail WHERE sourceIPAddress = ?"}, false)
	if err != nil || q.CreatedTimestamp.IsZero() {
		t.Fatalf("save: %v %v", q, err)
	}
	if _, err := s.SaveQuery(ctx, SavedQuery{Name: "by-ip", Lang: LangSQL, Statement: "SELECT 1"}, false); !errors.Is(err, ErrSavedQueryExists) {
		t.Errorf("second save without replace: %v", err)
	}
	clk.t = clk.t.Add(time.Hour)
	r, err := s.SaveQuery(ctx, SavedQuery{Name: "by-ip", Lang: LangInsights, Statement: "fields @timestamp"}, true)
	if err != nil || !r.CreatedTimestamp.Equal(q.CreatedTimestamp) || !r.UpdatedTimestamp.After(q.UpdatedTimestamp) {
		t.Errorf("replace: %+v %v", r, err)
	}
	for _, bad := range []SavedQuery{
		{Name: "x", Lang: LangSQL, Statement: "SELECT 1"},
		{Name: "okname", Lang: "cobol", Statement: "SELECT 1"},
		{Name: "okname", Lang: LangSQL, Statement: "  "},
		{Name: "../../etc", Lang: LangSQL, Statement: "SELECT 1"},
	} {
		if _, err := s.SaveQuery(ctx, bad, false); !errors.Is(err, ErrInvalidParameter) {
			t.Errorf("save %+v: %v", bad, err)
		}
	}
	s.SaveQuery(ctx, SavedQuery{Name: "another", Lang: LangSQL, Statement: "SELECT 2"}, false)
	all, err := s.ListSavedQueries(ctx)
	if err != nil || len(all) != 2 || all[0].Name != "another" || all[1].Lang != LangInsights {
		t.Errorf("list: %v %v", all, err)
	}
	if err := s.DeleteSavedQuery(ctx, "another"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetSavedQuery(ctx, "another"); !errors.Is(err, ErrSavedQueryNotFound) {
		t.Errorf("after delete: %v", err)
	}
	if err := s.DeleteSavedQuery(ctx, "another"); !errors.Is(err, ErrSavedQueryNotFound) {
		t.Errorf("delete twice: %v", err)
	}
}
