package store

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
)

// FuzzParseSelectors checks that ParseSelectors never panics, that every error wraps
// ErrInvalidSelectors, and that a set that validates re-marshals and re-parses to an equal value
// which the slice and compiled matchers judge alike.
func FuzzParseSelectors(f *testing.F) {
	for _, s := range validSelectorJSON {
		f.Add([]byte(s))
	}
	for _, s := range []string{
		``, `null`, `[]`, `[null]`, `[{}]`, `{"a":1}`, `[{"FieldSelectors":[{"field":"eventCategory"}]}]`,
		`[{"FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::S3::Bucket"]}]}]`,
		`[{"Name":"Log S3","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]},{"Field":"foo","Equals":["x"]}]}]`,
		`[{"FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]},{"Field":"eventName","Equals":["\u00e9\ud83d\ude00*"]}]}]`,
	} {
		f.Add([]byte(s))
	}
	events := []*Event{selEvMgmt, selEvData, selEvNet, selEvBare, {}}
	f.Fuzz(func(t *testing.T, data []byte) {
		sels, err := ParseSelectors(data)
		if err != nil {
			if !errors.Is(err, ErrInvalidSelectors) {
				t.Fatalf("error %v does not wrap ErrInvalidSelectors", err)
			}
			if sels != nil {
				t.Fatalf("ParseSelectors returned %+v with error %v", sels, err)
			}
			return
		}
		if err := ValidateSelectors(sels); err != nil {
			t.Fatalf("parsed selectors do not validate: %v", err)
		}
		out, err := json.Marshal(sels)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		again, err := ParseSelectors(out)
		if err != nil {
			t.Fatalf("re-parse of %s: %v", out, err)
		}
		if !reflect.DeepEqual(sels, again) {
			t.Fatalf("round trip changed\n%#v\nto\n%#v", sels, again)
		}
		c := CompileSelectors(sels)
		for _, ev := range events {
			if a, b := Match(sels, ev), c.Match(ev); a != b {
				t.Fatalf("Match = %v, Selectors.Match = %v for %+v", a, b, ev)
			}
		}
	})
}
