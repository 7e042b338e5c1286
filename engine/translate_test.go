package engine

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestPlan(t *testing.T) {
	e, fx := openTest(t, Config{})
	p, err := e.Translate(context.Background(), "SELECT eventName FROM trail WHERE eventTime >= '2024-01-02'")
	if err != nil {
		t.Fatal(err)
	}
	trail := fx.cat.stores["trail"]
	v := p.Views[0]
	if v.Name != "__eds_0" || v.Ref != "trail" || v.Alias != "trail" || v.ARN != arnPrefix+trailID ||
		v.FilesTotal != 3 || v.FilesScanned != 2 || v.Events != trail.Files[1].Rows+trail.Files[2].Rows ||
		v.Bytes != trail.Files[1].Bytes+trail.Files[2].Bytes || !v.From.Equal(time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)) || !v.To.IsZero() {
		t.Errorf("view = %+v", v)
	}
	if p.EventsScanned != v.Events || p.BytesScanned != v.Bytes {
		t.Errorf("plan totals %d %d", p.EventsScanned, p.BytesScanned)
	}
	if !strings.Contains(v.SQL, "eventday=2024-01-02/part-1.parquet") || strings.Contains(v.SQL, "eventday=2024-01-01") ||
		!strings.Contains(v.SQL, `WHERE "eventTime" >= TIMESTAMP '2024-01-01 06:00:00'`) {
		t.Errorf("view SQL = %s", v.SQL)
	}
	s := p.String()
	for _, want := range []string{
		"-- __eds_0 = trail (" + arnPrefix + trailID + "): eventTime 2024-01-02T00:00:00Z..*, 2 of 3 files",
		"CREATE OR REPLACE TEMP VIEW __eds_0 AS SELECT",
		"SELECT eventName FROM __eds_0 AS trail WHERE (eventTime >= '2024-01-02');",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("plan lacks %q:\n%s", want, s)
		}
	}
	if fx.cat.stores["trail"] == nil {
		t.Fatal("fixture")
	}
}

// TestVerifyTranslated shows the second parse-and-check of the translated statement: a rewrite
// rule that emitted a refused function would be stopped there.
func TestVerifyTranslated(t *testing.T) {
	e, _ := openTest(t, Config{})
	saved := functionRules["upper"]
	functionRules["upper"] = func(fn node, _ *prelexed) (any, error) {
		fn["function_name"] = "getenv"
		return fn, nil
	}
	defer func() {
		if saved == nil {
			delete(functionRules, "upper")
		} else {
			functionRules["upper"] = saved
		}
	}()
	_, err := e.Translate(context.Background(), "SELECT upper('HOME')")
	if !errors.Is(err, ErrInvalidQuery) || !strings.Contains(err.Error(), "translated statement was refused: function getenv is not allowed") {
		t.Errorf("err = %v", err)
	}
	ctx := context.Background()
	for _, tc := range []struct{ sql, msg string }{
		{"SELECT * FROM __eds_0", ""},
		{"SELECT * FROM __eds_1", `table "__eds_1"`},
		{"SELECT * FROM read_text('x')", "table function read_text"},
		{"WITH __cte_0 AS (SELECT 1) SELECT * FROM __cte_0", ""},
	} {
		err := e.verify(ctx, tc.sql, map[string]bool{"__eds_0": true})
		if (tc.msg == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.msg)) {
			t.Errorf("verify(%q) = %v, want %q", tc.sql, err, tc.msg)
		}
	}
}

func TestCatalogCalledOncePerName(t *testing.T) {
	e, fx := openTest(t, Config{})
	fx.cat.mu.Lock()
	before := fx.cat.calls
	fx.cat.mu.Unlock()
	if _, err := e.Translate(context.Background(), "SELECT * FROM trail a JOIN trail b ON true JOIN trail c ON true"); err != nil {
		t.Fatal(err)
	}
	fx.cat.mu.Lock()
	defer fx.cat.mu.Unlock()
	if n := fx.cat.calls - before; n != 1 {
		t.Errorf("catalog called %d times, want 1", n)
	}
}

var benchQueries = []string{
	"SELECT eventName, count(*) FROM trail WHERE eventTime > '2024-01-02 00:00:00' GROUP BY eventName ORDER BY 2 DESC",
	`SELECT eventid, eventtime, userIdentity.sessioncontext.sessionissuer.arn AS RoleARN, element_at(requestParameters, 'bucketName')
	 FROM 5e2676f8-9fce-46ef-8142-3e36a94e6691 CROSS JOIN UNNEST(resources) AS t(r)
	 WHERE eventSource = 's3.amazonaws.com' AND errorcode IS NULL AND userIdentity.sessioncontext.sessionissuer.arn = element_at(resources, 1).arn`,
	`WITH s3 AS (SELECT * FROM trail WHERE eventSource = 's3.amazonaws.com' AND eventTime BETWEEN '2024-01-01' AND '2024-01-03')
	 SELECT a.eventName, b.eventName FROM s3 a JOIN "other-store" b ON a.userIdentity.sessionContext.sessionIssuer.userName = b.userIdentity.sessionContext.sessionIssuer.userName
	 WHERE b.eventTime > '2024-01-02' ORDER BY a.eventTime LIMIT 100`,
}

func BenchmarkTranslate(b *testing.B) {
	e, _ := openTest(b, Config{})
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := e.Translate(ctx, benchQueries[i%len(benchQueries)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
