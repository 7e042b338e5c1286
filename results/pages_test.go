package results

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// pageText flattens a page's rows to their values, checking each cell is a one-key map
// named after its column.
func pageText(t *testing.T, p *Page) [][]string {
	t.Helper()
	var out [][]string
	for _, row := range p.QueryResultRows {
		var vals []string
		for i, cell := range row {
			if len(cell) != 1 {
				t.Fatalf("cell %v is not a one-key map", cell)
			}
			v, ok := cell[p.Columns[i]]
			if !ok {
				t.Fatalf("cell %d is %v, want key %s", i, cell, p.Columns[i])
			}
			vals = append(vals, v)
		}
		out = append(out, vals)
	}
	return out
}

func TestResultsPaging(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	cols, rows := numberedRows(2500)
	rec := runQuery(t, s, cols, rows)
	want := textRows(rows)

	var got [][]string
	var sizes []int
	tok := ""
	for pages := 0; ; pages++ {
		if pages > 5 {
			t.Fatal("too many pages")
		}
		p, err := s.Results(ctx, rec.QueryID, 0, tok) // 0: the default, 1000
		if err != nil {
			t.Fatal(err)
		}
		if p.QueryStatus != Finished || p.QueryStatistics.TotalResultsCount != 2500 || p.QueryStatistics.BytesScanned != 123456 {
			t.Errorf("page %d: %+v", pages, p.QueryStatistics)
		}
		if p.QueryStatistics.ResultsCount != int64(len(p.QueryResultRows)) {
			t.Errorf("ResultsCount %d for %d rows", p.QueryStatistics.ResultsCount, len(p.QueryResultRows))
		}
		got = append(got, pageText(t, p)...)
		sizes = append(sizes, len(p.QueryResultRows))
		if p.NextToken == "" {
			break
		}
		if l := len(p.NextToken); l < 4 || l > 1000 {
			t.Errorf("token length %d", l)
		}
		tok = p.NextToken
	}
	if !slices.Equal(sizes, []int{1000, 1000, 500}) {
		t.Errorf("page sizes %v", sizes)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Error("paged rows differ from the query's rows")
	}

	// Page sizes may change between calls; a token is a position.
	p1, _ := s.Results(ctx, rec.QueryID, 7, "")
	p2, err := s.Results(ctx, rec.QueryID, 1000, p1.NextToken)
	if err != nil || len(p2.QueryResultRows) != 1000 || pageText(t, p2)[0][1] != "row-7" {
		t.Errorf("page after 7 rows: %v %v", err, pageText(t, p2)[0])
	}
	last, _ := s.Results(ctx, rec.QueryID, 1000, makeToken(rec.QueryID, 2499))
	if len(last.QueryResultRows) != 1 || last.NextToken != "" {
		t.Errorf("last page: %d rows, token %q", len(last.QueryResultRows), last.NextToken)
	}
	// The JSON shape is GetQueryResults'.
	b, _ := json.Marshal(last)
	if !strings.HasPrefix(string(b), `{"QueryStatus":"FINISHED","QueryStatistics":{"ResultsCount":1,"TotalResultsCount":2500,"BytesScanned":123456},"QueryResultRows":[[{"n":"2499"},{"name":"row-2499"},{"eventTime":"2026-03-01 12:41:39.000"},{"missing":""},{"nested":"{\"k\":2499}"}]]}`) {
		t.Errorf("JSON: %s", b)
	}
}

func TestResultsErrors(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	cols, rows := numberedRows(20)
	rec := runQuery(t, s, cols, rows)
	other := runQuery(t, s, cols, rows)
	for _, n := range []int{-1, 1001} {
		_, err := s.Results(ctx, rec.QueryID, n, "")
		mustIs(t, err, ErrInvalidMaxResults)
	}
	p, err := s.Results(ctx, rec.QueryID, 1, "")
	if err != nil || len(p.QueryResultRows) != 1 {
		t.Fatal(err)
	}
	for _, tok := range []string{
		"abcd", "ctq1", "ctq1!!!", p.NextToken + "!", p.NextToken[:len(p.NextToken)-1],
		makeToken(other.QueryID, 1), // another query's
		makeToken(rec.QueryID, 20),  // past the end
		makeToken(rec.QueryID, 0),   // never issued
		"ctq1" + base64.RawURLEncoding.EncodeToString([]byte(rec.QueryID+":01")),
		"ctq1" + base64.RawURLEncoding.EncodeToString([]byte(rec.QueryID+":-5")),
		"ctq1" + base64.RawURLEncoding.EncodeToString([]byte("../../x:5")),
	} {
		_, err := s.Results(ctx, rec.QueryID, 10, tok)
		if !errors.Is(err, ErrInvalidNextToken) {
			t.Errorf("token %q: %v, want ErrInvalidNextToken", tok, err)
		}
	}
	_, err = s.Results(ctx, "00000000-0000-4000-8000-000000000000", 10, "")
	mustIs(t, err, ErrQueryNotFound)
}

func TestResultsOfUnfinishedQueries(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	running, _ := s.Create(ctx, "SELECT 1", "sql", nil, "")
	s.SetRunning(ctx, running.QueryID)
	p, err := s.Results(ctx, running.QueryID, 10, "")
	if err != nil || p.QueryStatus != Running || len(p.QueryResultRows) != 0 || p.NextToken != "" {
		t.Errorf("running query page: %+v, %v", p, err)
	}
	_, err = s.Results(ctx, running.QueryID, 10, makeToken(running.QueryID, 1))
	mustIs(t, err, ErrInvalidNextToken)

	failed, _ := s.Create(ctx, "SELECT 1", "sql", nil, "")
	s.Finish(ctx, failed.QueryID, nil, errors.New("Conversion Error: bad timestamp"))
	p, err = s.Results(ctx, failed.QueryID, 10, "")
	if err != nil || p.QueryStatus != Failed || p.ErrorMessage != "Conversion Error: bad timestamp" {
		t.Errorf("failed query page: %+v, %v", p, err)
	}
}

func TestTokenRoundTrip(t *testing.T) {
	id := "f47ac10b-58cc-4372-a567-0e02b2c3d479"
	tok := makeToken(id, 1000)
	gid, off, err := parseToken(tok)
	if err != nil || gid != id || off != 1000 {
		t.Errorf("parseToken(%q) = %q %d %v", tok, gid, off, err)
	}
}

func FuzzParseToken(f *testing.F) {
	f.Add(makeToken("f47ac10b-58cc-4372-a567-0e02b2c3d479", 1000))
	f.Add(makeToken("f47ac10b-58cc-4372-a567-0e02b2c3d479", 1))
	f.Add("ctq1")
	f.Add("abcd")
	f.Add("ctq1" + base64.RawURLEncoding.EncodeToString([]byte("f47ac10b-58cc-4372-a567-0e02b2c3d479:+7")))
	f.Fuzz(func(t *testing.T, tok string) {
		id, off, err := parseToken(tok)
		if err != nil {
			if !errors.Is(err, ErrInvalidNextToken) {
				t.Fatalf("error %v does not wrap ErrInvalidNextToken", err)
			}
			return
		}
		if checkID(id) != nil || off <= 0 {
			t.Fatalf("accepted %q as %q %d", tok, id, off)
		}
		if again := makeToken(id, off); again != tok {
			t.Fatalf("token %q parses to %q %d, which prints as %q", tok, id, off, again)
		}
	})
}

func BenchmarkResultsPage(b *testing.B) {
	s, _ := newTestStore(b)
	cols, rows := numberedRows(100_000)
	rec := runQuery(b, s, cols, rows)
	tok := makeToken(rec.QueryID, 73_500)
	b.ReportAllocs()
	for b.Loop() {
		p, err := s.Results(context.Background(), rec.QueryID, 1000, tok)
		if err != nil || len(p.QueryResultRows) != 1000 {
			b.Fatal(err)
		}
	}
}
