package results

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
)

// MaxPageRows is GetQueryResults' largest MaxQueryResults, and the default page size.
const MaxPageRows = 1000

// PageStatistics is GetQueryResults' QueryStatistics.
type PageStatistics struct {
	ResultsCount      int64 `json:"ResultsCount"`      // rows in this page
	TotalResultsCount int64 `json:"TotalResultsCount"` // rows in the whole result
	BytesScanned      int64 `json:"BytesScanned"`
}

// Page is one GetQueryResults response.
type Page struct {
	QueryStatus     Status         `json:"QueryStatus"`
	QueryStatistics PageStatistics `json:"QueryStatistics"`
	// QueryResultRows: each row is a list of one-key {column: value} maps, in column order,
	// values as Text gives them.
	QueryResultRows [][]map[string]string `json:"QueryResultRows"`
	NextToken       string                `json:"NextToken,omitempty"`
	ErrorMessage    string                `json:"ErrorMessage,omitempty"`
	// Columns are the result's column names in order (ctlake: for printers; not in the API).
	Columns []string `json:"-"`
}

// Results returns one page of a query's results, as GetQueryResults. maxResults is 1..1000
// (0 means 1000; anything else gives ErrInvalidMaxResults); nextToken is "" for the first
// page or the NextToken of the previous page (a token not issued for this query gives
// ErrInvalidNextToken). A query that has not FINISHED gives a page with its status (and
// ErrorMessage when it failed) and no rows.
func (s *Store) Results(ctx context.Context, id string, maxResults int, nextToken string) (*Page, error) {
	if maxResults < 0 || maxResults > MaxPageRows {
		return nil, fmt.Errorf("%w: MaxQueryResults %d is not between 1 and %d", ErrInvalidMaxResults, maxResults, MaxPageRows)
	}
	if maxResults == 0 {
		maxResults = MaxPageRows
	}
	rec, err := s.Describe(ctx, id)
	if err != nil {
		return nil, err
	}
	page := &Page{
		QueryStatus:     rec.QueryStatus,
		QueryStatistics: PageStatistics{BytesScanned: rec.QueryStatistics.BytesScanned},
		QueryResultRows: [][]map[string]string{},
		ErrorMessage:    rec.ErrorMessage,
	}
	var offset int64
	if nextToken != "" {
		tid, off, err := parseToken(nextToken)
		if err != nil || tid != id || rec.QueryStatus != Finished || off <= 0 || off >= rec.ResultsCount {
			return nil, fmt.Errorf("%w: %q is not a token of query %s", ErrInvalidNextToken, nextToken, id)
		}
		offset = off
	}
	if rec.QueryStatus != Finished {
		return page, nil
	}
	_, meta, err := s.finished(ctx, id)
	if err != nil {
		return nil, err
	}
	page.Columns = meta.Columns
	page.QueryStatistics.TotalResultsCount = meta.Rows
	r, err := openResult(s.queryDir(id), meta, offset, int64(maxResults))
	if err != nil {
		return nil, fmt.Errorf("query %s: %w", id, err)
	}
	defer r.Close()
	for r.Next() {
		row := make([]map[string]string, len(meta.Columns))
		for i, v := range r.Values() {
			row[i] = map[string]string{meta.Columns[i]: Text(v)}
		}
		page.QueryResultRows = append(page.QueryResultRows, row)
	}
	if err := r.Err(); err != nil {
		return nil, fmt.Errorf("query %s: %w", id, err)
	}
	n := int64(len(page.QueryResultRows))
	page.QueryStatistics.ResultsCount = n
	if next := offset + n; next < meta.Rows {
		page.NextToken = makeToken(id, next)
	}
	return page, nil
}

// A next token is "ctq1" followed by the unpadded base64url of "<queryId>:<row offset>", e.g.
// ctq1ZjQ3YWM…OjEwMDA. It names the query, so a token of another query is refused, and the
// row where the next page starts, so pages may have any size. It is 4 to 1000 characters
// as the API requires.
const tokenPrefix = "ctq1"

func makeToken(id string, offset int64) string {
	return tokenPrefix + base64.RawURLEncoding.EncodeToString([]byte(id+":"+strconv.FormatInt(offset, 10)))
}

// parseToken decodes a next token into its query id and row offset.
func parseToken(tok string) (id string, offset int64, err error) {
	body, ok := strings.CutPrefix(tok, tokenPrefix)
	if !ok || len(tok) > 1000 {
		return "", 0, fmt.Errorf("%w: not a ctlake token", ErrInvalidNextToken)
	}
	raw, err := base64.RawURLEncoding.Strict().DecodeString(body)
	if err != nil {
		return "", 0, fmt.Errorf("%w: %v", ErrInvalidNextToken, err)
	}
	id, num, ok := strings.Cut(string(raw), ":")
	if !ok || checkID(id) != nil {
		return "", 0, fmt.Errorf("%w: no query id", ErrInvalidNextToken)
	}
	offset, err = strconv.ParseInt(num, 10, 64)
	if err != nil || offset <= 0 || strconv.FormatInt(offset, 10) != num {
		return "", 0, fmt.Errorf("%w: bad row offset", ErrInvalidNextToken)
	}
	if makeToken(id, offset) != tok {
		return "", 0, fmt.Errorf("%w: not in canonical form", ErrInvalidNextToken) // e.g. line breaks in the base64
	}
	return id, offset, nil
}
