package cwli

import (
	"errors"
	"testing"
)

func TestErrorsScript(t *testing.T) { runScript(t, "errors.txt") }

func TestParseErrorCatalog(t *testing.T) {
	for _, c := range []struct {
		query string
		kind  error
	}{
		{"fields", ErrParse},
		{"pattern @message", ErrUnsupported},
		{"fields @log", ErrUnsupported},
		{"fields nope(x)", ErrInvalid},
		{"stats count(*) | stats count(*) | stats count(*)", ErrInvalid},
	} {
		q, err := Parse(c.query)
		if err == nil {
			_, _, err = Translate(q, `"t"`)
		}
		var pe *ParseError
		if !errors.As(err, &pe) || !errors.Is(err, c.kind) || pe.Line == 0 || pe.Col == 0 {
			t.Errorf("%q: error %v, want a positioned *ParseError wrapping %v", c.query, err, c.kind)
		}
		for _, other := range []error{ErrParse, ErrUnsupported, ErrInvalid} {
			if other != c.kind && errors.Is(err, other) {
				t.Errorf("%q: error %v also wraps %v", c.query, err, other)
			}
		}
	}
	if got := (&ParseError{Msg: "m"}).Error(); got != "m" {
		t.Errorf("unpositioned error prints %q", got)
	}
	if got := (&ParseError{Msg: "m", Line: 2, Col: 3}).Error(); got != "line 2, column 3: m" {
		t.Errorf("positioned error prints %q", got)
	}
}

func TestTranslateArguments(t *testing.T) {
	if _, _, err := Translate(nil, `"t"`); !errors.Is(err, ErrInvalid) {
		t.Errorf("nil query: %v", err)
	}
	q, _ := Parse("fields eventName")
	if _, _, err := Translate(q, " "); !errors.Is(err, ErrInvalid) {
		t.Errorf("no table: %v", err)
	}
}

func TestInvalidUTF8(t *testing.T) {
	_, err := Parse("fields a # ok\nfields b\xc7")
	var pe *ParseError
	if !errors.As(err, &pe) || !errors.Is(err, ErrParse) || pe.Line != 2 || pe.Col != 9 {
		t.Errorf("error %v, want a parse error at 2:9", err)
	}
}
