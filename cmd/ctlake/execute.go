package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/ctlake/ctlake/engine"
	"github.com/ctlake/ctlake/engine/cwli"
	"github.com/ctlake/ctlake/queries"
	"github.com/ctlake/ctlake/store"
)

// statement is one query as a user gives it: its language, the store an insights query runs
// over (SQL names its stores itself), and the text.
type statement struct {
	lang string // store.LangSQL or store.LangInsights
	eds  string
	text string
}

// toSQL returns the Lake SQL a statement runs as.
func (s statement) toSQL() (string, error) {
	switch s.lang {
	case store.LangSQL, "":
		return s.text, nil
	case store.LangInsights:
		if s.eds == "" {
			return "", fmt.Errorf("%w: a Logs Insights query runs over one event data store: give it with --eds", store.ErrInvalidParameter)
		}
		q, err := cwli.Parse(s.text)
		if err != nil {
			return "", err
		}
		sql, _, err := cwli.Translate(q, `"`+strings.ReplaceAll(s.eds, `"`, `""`)+`"`)
		return sql, err
	default:
		return "", fmt.Errorf("%w: query language %q", store.ErrInvalidParameter, s.lang)
	}
}

// execute runs a statement on the engine. The caller closes the rows.
func execute(ctx context.Context, eng *engine.Engine, s statement) (*engine.Rows, error) {
	sql, err := s.toSQL()
	if err != nil {
		return nil, err
	}
	return eng.Query(ctx, sql)
}

// bindParameters binds ? parameters in a statement of either language.
func bindParameters(lang, stmt string, params []string) (string, error) {
	switch lang {
	case store.LangSQL, "":
		return engine.BindParameters(stmt, params)
	case store.LangInsights:
		return cwli.BindParameters(stmt, params)
	default:
		return "", fmt.Errorf("%w: query language %q", store.ErrInvalidParameter, lang)
	}
}

// fillStore replaces $EDS_ID in a SQL statement with the id of the event data store eds;
// hint says how to give one when eds is empty.
func fillStore(ctx context.Context, st *store.Store, lang, text, eds, hint string) (string, error) {
	if lang != store.LangSQL || !strings.Contains(text, queries.Placeholder) {
		return text, nil
	}
	if eds == "" {
		return "", fmt.Errorf("%w: the statement names its store %s: %s", store.ErrInvalidParameter, queries.Placeholder, hint)
	}
	e, err := st.GetEDS(ctx, eds)
	if err != nil {
		return "", err
	}
	return strings.ReplaceAll(text, queries.Placeholder, `"`+e.ID()+`"`), nil
}
