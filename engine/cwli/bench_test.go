package cwli

import (
	"os"
	"path/filepath"
	"testing"
)

// benchQueries are the library's twelve queries and a few heavier ones.
func benchQueries(b *testing.B) []string {
	b.Helper()
	files, _ := filepath.Glob(filepath.Join(libraryDir, "*.cwli"))
	var qs []string
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		qs = append(qs, string(text))
	}
	return append(qs,
		`fields @timestamp, eventName as api, requestParameters.bucketName as bucket, strlen(userAgent) as ua
		 | parse @message /"userName":"(?<user>[^"]+)"/
		 | filter (api like /^(Get|Put)Object$/ or ispresent(errorCode)) and bucket not in ["a", "b"] and toMillis(@timestamp) > 0
		 | sort bucket desc, @timestamp | dedup bucket | limit 50`,
		`filter eventSource = "kms.amazonaws.com" | stats count(*) as n, count_distinct(userIdentity.arn) as who,
		 pct(requestParameters.maxResults, 95), earliest(eventName) by bin(5m) as t, awsRegion
		 | stats sum(n) as total, max(who) by awsRegion | sort total desc`,
	)
}

// BenchmarkTranslate measures Translate alone, per query (the queries are parsed once).
func BenchmarkTranslate(b *testing.B) {
	var parsed []*Query
	for _, text := range benchQueries(b) {
		q, err := Parse(text)
		if err != nil {
			b.Fatal(err)
		}
		parsed = append(parsed, q)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, q := range parsed {
			if _, _, err := Translate(q, `"my-store"`); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(parsed))/1000, "µs/query")
}

// BenchmarkParseAndTranslate measures the whole front end, per query.
func BenchmarkParseAndTranslate(b *testing.B) {
	texts := benchQueries(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, text := range texts {
			q, err := Parse(text)
			if err != nil {
				b.Fatal(err)
			}
			if _, _, err := Translate(q, `"my-store"`); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(texts))/1000, "µs/query")
}
