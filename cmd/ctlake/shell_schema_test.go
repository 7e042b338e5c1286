package main

import (
	"slices"
	"testing"
)

func TestShellParseType(t *testing.T) {
	fs := parseShellType(`STRUCT("type" VARCHAR, "odd ""name""" INTEGER, s STRUCT(a MAP(VARCHAR, VARCHAR), b DECIMAL(18,3)), l STRUCT(x VARCHAR)[])`)
	var got []string
	for _, p := range shellPaths(fs) {
		got = append(got, p.path+" "+p.typ)
	}
	want := []string{`type VARCHAR`, `odd "name" INTEGER`, `s STRUCT`, `s.a MAP(VARCHAR, VARCHAR)`, `s.b DECIMAL(18,3)`, `l STRUCT(x VARCHAR)[]`}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	for _, bad := range []string{"", "VARCHAR", "STRUCT(", "STRUCT()", `STRUCT("a VARCHAR)`, "STRUCT(a)", "MAP(VARCHAR, VARCHAR)"} {
		if fs := parseShellType(bad); len(fs) != 0 {
			t.Errorf("%q: %+v", bad, fs)
		}
	}
}

func TestShellSchemaPaths(t *testing.T) {
	cols := shellColumns()
	paths := shellPaths(cols)
	has := func(path, typ string) {
		t.Helper()
		if !slices.Contains(paths, shellPath{path, typ}) {
			t.Errorf("no %s %s", path, typ)
		}
	}
	has("eventName", "VARCHAR")
	has("userIdentity", "STRUCT")
	has("userIdentity.type", "VARCHAR")
	has("userIdentity.sessionContext.sessionIssuer.userName", "VARCHAR")
	has("userIdentity.sessionContext.attributes.creationDate", "TIMESTAMP")
	has("tlsDetails.cipherSuite", "VARCHAR")
	has("requestParameters", "MAP(VARCHAR, VARCHAR)")
	f, canon, ok := findShellField(cols, "useridentity.SESSIONCONTEXT")
	if !ok || canon != "userIdentity.sessionContext" || len(f.fields) == 0 {
		t.Errorf("find: %v %q %v", f, canon, ok)
	}
	if _, _, ok := findShellField(cols, "userIdentity.nope"); ok {
		t.Error("found a missing path")
	}
}

func FuzzShellParseType(f *testing.F) {
	for _, c := range shellColumns() {
		f.Add(c.typ)
	}
	f.Fuzz(func(t *testing.T, typ string) {
		for _, p := range shellPaths(parseShellType(typ)) {
			if p.path == "" {
				t.Fatalf("%q: empty path", typ)
			}
		}
	})
}
