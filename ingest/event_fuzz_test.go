package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"testing"
	"time"
)

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		fullEvent,
		`{"eventTime":"2019-01-01T00:00:00Z"}`,
		`{"eventTime":"2019-01-01 00:00:00.5","eventID":"","readOnly":true,"resources":[{"ARN":"a"}]}`,
		`{"eventTime":"2019-01-01T01:00:00+01:00","requestParameters":{"a":[1,{"b":"\u00e9"}],"a":null}}`,
		`{"eventTime":"redacted"}`,
		`{"eventTime":1}`,
		`{"@timestamp":"2020-09-14T00:44:23.000Z"}`,
		`{"eventTime":"2019-01-01T00:00:00Z","userIdentity":{"sessionContext":{"attributes":{"creationDate":"2019-01-01T00:00:00Z","mfaAuthenticated":true}}}}`,
		`{"eventTime":"0001-01-01T00:00:00Z"}`,
		`[]`, `null`, ``, `{`,
	} {
		f.Add([]byte(s))
	}
	for i := range 3 {
		f.Add(sampleEvent(i))
	}
	for _, b := range decodeFixtures(f) {
		_ = Decode(context.Background(), "seed", bytes.NewReader(b), func(r Record) error {
			f.Add(bytes.Clone(r.Raw))
			return nil
		}, func(RecordError) {})
	}
	p := NewParser()
	f.Fuzz(func(t *testing.T, raw []byte) {
		ev, err := p.Parse(raw)
		if err != nil {
			if !errors.Is(err, ErrBadRecord) {
				t.Fatalf("error %v does not wrap ErrBadRecord", err)
			}
			return
		}
		if ev.EventTime.IsZero() || ev.EventTime.Location() != time.UTC {
			t.Fatalf("eventTime %v", ev.EventTime)
		}
		if ev.EventID == "" || ev.EventCategory == "" {
			t.Fatalf("eventID %q, eventCategory %q", ev.EventID, ev.EventCategory)
		}
		sum := sha256.Sum256([]byte(ev.EventJSON))
		if ev.EventJSON != string(trimSpace(raw)) || ev.EventJSONChecksum != hex.EncodeToString(sum[:]) {
			t.Fatalf("eventJson %q, checksum %s", ev.EventJSON, ev.EventJSONChecksum)
		}
		// Deterministic, and independent of the parser's history.
		again, err := NewParser().Parse(raw)
		if err != nil || dumpEvent(again) != dumpEvent(ev) {
			t.Fatalf("second parse differs: %v\n%s\n%s", err, dumpEvent(again), dumpEvent(ev))
		}
	})
}
