package gen

import (
	"encoding/json"
	"regexp"
	"testing"
	"time"
)

func TestAppendTimestamp(t *testing.T) {
	r := rng{s: 7}
	for _, unix := range []int64{0, 951782400, 1709510400, 4102444799, -86400} {
		if got, want := string(appendTimestamp(nil, unix)), time.Unix(unix, 0).UTC().Format("2006-01-02T15:04:05Z"); got != want {
			t.Errorf("appendTimestamp(%d) = %s, want %s", unix, got, want)
		}
	}
	for range 10000 {
		unix := int64(r.intn(5_000_000_000))
		if got, want := string(appendTimestamp(nil, unix)), time.Unix(unix, 0).UTC().Format("2006-01-02T15:04:05Z"); got != want {
			t.Fatalf("appendTimestamp(%d) = %s, want %s", unix, got, want)
		}
	}
}

func TestAWSDate(t *testing.T) {
	var e ev
	for _, unix := range []int64{1709510400, 1709553599, 1709553600, 1709596799} {
		e.b = e.b[:0]
		e.awsDate(unix)
		want := `"` + time.Unix(unix, 0).UTC().Format("Jan 2, 2006, 3:04:05 PM") + `"`
		if string(e.b) != want {
			t.Errorf("awsDate(%d) = %s, want %s", unix, e.b, want)
		}
	}
}

func TestWriterSeparators(t *testing.T) {
	var e ev
	e.obj().ks("a", "x\"y\\z\n\x01").ki("b", -3).ka("c").s("1").obj().end().null().endArr().ko("d").kb("e", true).end().k("f").f(80).end()
	want := `{"a":"x\"y\\z\n\u0001","b":-3,"c":["1",{},null],"d":{"e":true},"f":80.0}`
	if string(e.b) != want {
		t.Fatalf("got  %s\nwant %s", e.b, want)
	}
	if !json.Valid(e.b) {
		t.Fatal("invalid JSON")
	}
}

func TestUUID(t *testing.T) {
	re := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	r := rng{s: 3}
	seen := map[string]bool{}
	for range 1000 {
		u := string(r.appendUUID(nil))
		if !re.MatchString(u) || seen[u] {
			t.Fatalf("bad or repeated UUID %s", u)
		}
		seen[u] = true
	}
}

func TestAlias(t *testing.T) {
	a := newAlias([]float64{1, 2, 7})
	r := rng{s: 5}
	var got [3]int
	for range 100000 {
		got[a.pick(&r)]++
	}
	for i, want := range []int{10000, 20000, 70000} {
		if d := got[i] - want; d < -1500 || d > 1500 {
			t.Errorf("item %d picked %d times, want about %d", i, got[i], want)
		}
	}
}
