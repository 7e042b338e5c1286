package engine

import (
	"context"
	"database/sql"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"
)

func TestMacros(t *testing.T) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if err := createMacros(ctx, db); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		json, path string
		want       sql.NullString
	}{
		{`{"a":{"b":"x"}}`, "$.a.b", sql.NullString{String: "x", Valid: true}},
		{`{"a":{"b":7}}`, "$.a.b", sql.NullString{String: "7", Valid: true}},
		{`{"items":[{"id":"i-1"}]}`, "$.items[0].id", sql.NullString{String: "i-1", Valid: true}},
		{`{"a":{"b":"x"}}`, "$.a", sql.NullString{}},
		{`{"a":[1,2]}`, "$.a", sql.NullString{}},
		{`{"a":1}`, "$.missing", sql.NullString{}},
	}
	for _, c := range cases {
		var got sql.NullString
		if err := db.QueryRowContext(ctx, "SELECT json_extract_scalar(?, ?)", c.json, c.path).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("json_extract_scalar(%s, %s) = %v, want %v", c.json, c.path, got, c.want)
		}
	}
}
