package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// invictusRecords reads the Invictus trail files with encoding/json: the independent answer.
func invictusRecords(t *testing.T, dir string) []map[string]any {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "invictus-sigma-aws", "CloudTrail", "*.json"))
	var out []map[string]any
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct{ Records []map[string]any }
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out = append(out, doc.Records...)
	}
	if len(out) == 0 {
		t.Fatal("no Invictus records")
	}
	return out
}

func path(rec map[string]any, keys ...string) string {
	var v any = rec
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		v = m[k]
	}
	s, _ := v.(string)
	return s
}

func summaryCount(t *testing.T, out, what string) int {
	t.Helper()
	m := regexp.MustCompile(`(\d+) ` + what).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no %q in %q", what, out)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func TestSharedDataInvictus(t *testing.T) {
	data := sharedData(t)
	c := newCLI(t)
	c.ok("eds", "create", "inv", "--selectors", allSelectors, "--retention-days", "3653")
	out := c.ok("ingest", "--eds", "inv", filepath.Join(data, "invictus-sigma-aws", "CloudTrail"))
	recs := invictusRecords(t, data)
	stored, filtered := summaryCount(t, out, "events stored"), summaryCount(t, out, "filtered by selectors")
	if stored+filtered != len(recs) || summaryCount(t, out, "failures") != 0 {
		t.Fatalf("stored %d + filtered %d != %d records: %s", stored, filtered, len(recs), out)
	}
	// Independent answers over the raw JSON, for the management events the store keeps.
	byAPI := map[string]int{}
	issuers := map[string]int{}
	buckets := map[string]int{}
	inWindow := 0
	for _, r := range recs {
		cat := path(r, "eventCategory")
		if cat == "" {
			cat = "Management"
		}
		if cat != "Management" {
			continue
		}
		byAPI[path(r, "eventSource")+" "+path(r, "eventName")]++
		if u := path(r, "userIdentity", "sessionContext", "sessionIssuer", "userName"); u != "" {
			issuers[u]++
		}
		if b := path(r, "requestParameters", "bucketName"); b != "" {
			buckets[b]++
		}
		if tm := path(r, "eventTime"); tm >= "2023-07-10T12:00:00Z" && tm < "2023-07-10T12:20:00Z" {
			inWindow++
		}
	}
	got := map[string]int{}
	for _, row := range c.rows("SELECT eventSource, eventName, count(*) AS n FROM inv WHERE eventCategory = 'Management' GROUP BY 1, 2") {
		got[row["eventSource"].(string)+" "+row["eventName"].(string)] = int(row["n"].(float64))
	}
	if fmt.Sprint(got) != fmt.Sprint(byAPI) {
		t.Errorf("counts by API differ:\nsql  %v\njson %v", got, byAPI)
	}
	gotIss := map[string]int{}
	for _, row := range c.rows("SELECT userIdentity.sessionContext.sessionIssuer.userName AS u, count(*) AS n FROM inv WHERE eventCategory = 'Management' AND userIdentity.sessionContext.sessionIssuer.userName IS NOT NULL GROUP BY 1") {
		gotIss[row["u"].(string)] = int(row["n"].(float64))
	}
	if fmt.Sprint(gotIss) != fmt.Sprint(issuers) {
		t.Errorf("session issuers differ:\nsql  %v\njson %v", gotIss, issuers)
	}
	gotB := map[string]int{}
	for _, row := range c.rows("SELECT element_at(requestParameters, 'bucketName') AS b, count(*) AS n FROM inv WHERE eventCategory = 'Management' AND element_at(requestParameters, 'bucketName') IS NOT NULL GROUP BY 1") {
		gotB[row["b"].(string)] = int(row["n"].(float64))
	}
	if fmt.Sprint(gotB) != fmt.Sprint(buckets) {
		t.Errorf("buckets differ:\nsql  %v\njson %v", gotB, buckets)
	}
	if n := c.count("SELECT count(*) AS n FROM inv WHERE eventCategory = 'Management' AND eventTime >= '2023-07-10 12:00:00' AND eventTime < '2023-07-10 12:20:00'"); int(n) != inWindow {
		t.Errorf("time window: sql %d, json %d", n, inWindow)
	}
	// Re-ingest adds nothing.
	out = c.ok("ingest", "--eds", "inv", filepath.Join(data, "invictus-sigma-aws", "CloudTrail"))
	if summaryCount(t, out, "events stored") != 0 || summaryCount(t, out, "duplicates") != stored {
		t.Errorf("re-ingest: %s", out)
	}
}

func TestSharedDataMessySets(t *testing.T) {
	data := sharedData(t)
	c := newCLI(t)
	c.ok("eds", "create", "all", "--selectors", allSelectors, "--retention-days", "3653")
	r := c.fails([]string{"ImportFailures", "otrf-aws", "AWS_S3_HoneyBucketLogs.csv", "eventTime"}, "ingest", "--eds", "all",
		filepath.Join(data, "panther-tests", "records_dir"), filepath.Join(data, "otrf-aws"),
		filepath.Join(data, "stratus-red-team"), filepath.Join(data, "aws-docs-examples"))
	if r.code != 2 {
		t.Fatalf("exit %d", r.code)
	}
	var f struct{ Failures []map[string]any }
	c.jsonOut(&f, "import", "failures", importID(t, r.stdout))
	panther := 0
	for _, x := range f.Failures {
		if strings.Contains(x["Location"].(string), "panther-tests") {
			panther++
		}
	}
	if panther == 0 {
		t.Errorf("no panther record failed: %v", f.Failures)
	}
	stored := summaryCount(t, r.stdout, "events stored")
	failures := summaryCount(t, r.stdout, "failures")
	if stored < 300 || failures < 20 {
		t.Errorf("stored %d, failures %d: %s", stored, failures, r.stdout)
	}
	if n := c.count("SELECT count(*) AS n FROM \"all\""); int(n) != stored {
		t.Errorf("store holds %d events, the import stored %d", n, stored)
	}
}

func TestRetentionSevenDays(t *testing.T) {
	data := sharedData(t)
	c := newCLI(t)
	c.ok("eds", "create", "week", "--retention-days", "7", "--selectors", allSelectors)
	out := c.ok("ingest", "--eds", "week", filepath.Join(data, "invictus-sigma-aws", "CloudTrail"), c.genEvents(3000, 9))
	if summaryCount(t, out, "past retention") == 0 {
		t.Errorf("2023 events not counted as past retention: %s", out)
	}
	if n := c.count("SELECT count(*) AS n FROM week WHERE eventTime < '2024-01-01 00:00:00'"); n != 0 {
		t.Errorf("%d events from before 2024 in a 7-day store", n)
	}
	if n := c.count("SELECT count(*) AS n FROM week"); n == 0 {
		t.Error("recent events missing")
	}
	var files []string
	filepath.WalkDir(c.home, func(p string, d os.DirEntry, err error) error {
		if strings.Contains(p, "eventday=2023") {
			files = append(files, p)
		}
		return nil
	})
	if len(files) != 0 {
		t.Errorf("2023 partitions on disk: %v", files)
	}
}
