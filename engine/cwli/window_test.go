package cwli

import (
	"strings"
	"testing"
	"time"
)

func TestWindow(t *testing.T) {
	q, err := Parse("stats count(*) as n by eventSource | sort n desc | limit 2")
	if err != nil {
		t.Fatal(err)
	}
	from := time.Date(2024, 3, 5, 9, 0, 0, 0, time.UTC)
	to := time.Date(2024, 3, 5, 11, 0, 0, 0, time.FixedZone("CET", 3600)) // 10:00 UTC
	w := Window(q, from, to)
	if got, want := w.String(), `filter @timestamp >= "2024-03-05 09:00:00" and @timestamp <= "2024-03-05 10:00:00" | `+q.String(); got != want {
		t.Fatalf("window query\n %s\nwant\n %s", got, want)
	}
	if len(q.Commands) != 3 {
		t.Fatal("Window changed its argument")
	}
	checkRoundTrip(t, w)
	db := fixture(t)
	stmt, _, err := Translate(w, db.table)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stmt, `FROM "trail" AS __src WHERE (("eventTime" >= '2024-03-05 09:00:00') AND ("eventTime" <= '2024-03-05 10:00:00'))`) {
		t.Errorf("the window is not the first stage's WHERE:\n%s", stmt)
	}
	_, rows, err := db.run(stmt)
	if err != nil {
		t.Fatal(err)
	}
	// 09:00–10:00: PutObject, GetObject ×2, HeadBucket, GetBucketPolicyStatus, GetBucketAcl,
	// RunInstances (s3: 6, ec2: 1), and ListBuckets at 10:00:00 sharp (s3: 7).
	if len(rows) != 2 || rows[0][0] != "s3.amazonaws.com" || rows[0][1] != "7" || rows[1][0] != "ec2.amazonaws.com" {
		t.Errorf("rows %v", rows)
	}
	if got := Window(q, time.Time{}, time.Time{}).String(); got != q.String() {
		t.Errorf("an open window changes the query: %s", got)
	}
	if got := Window(q, from, time.Time{}).String(); !strings.HasPrefix(got, `filter @timestamp >= "2024-03-05 09:00:00" | stats`) {
		t.Errorf("a window open at the end: %s", got)
	}
}
