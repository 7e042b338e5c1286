package engine

import (
	"errors"
	"fmt"
	"testing"

	"github.com/ctlake/ctlake/store"
)

func TestQueryError(t *testing.T) {
	e := &QueryError{Msg: `syntax error at or near "FORM"`, Line: 1, Col: 15, Err: ErrInvalidQuery}
	if got := e.Error(); got != `line 1, column 15: syntax error at or near "FORM"` {
		t.Errorf("Error() = %s", got)
	}
	wrapped := fmt.Errorf("query: %w", e)
	if !errors.Is(wrapped, ErrInvalidQuery) {
		t.Error("not ErrInvalidQuery")
	}
	var qe *QueryError
	if !errors.As(wrapped, &qe) || qe.Col != 15 {
		t.Error("errors.As")
	}
	nf := &QueryError{Msg: `event data store "x" not found`, Err: fmt.Errorf("x: %w", store.ErrNotFound)}
	if nf.Error() != `event data store "x" not found` || !errors.Is(nf, store.ErrNotFound) || errors.Is(nf, ErrInvalidQuery) {
		t.Errorf("not-found error: %v", nf)
	}
}
