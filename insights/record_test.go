package insights

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// seed004 is the Start/End pair of seed 004 (the AWS blog's RunInstances insight), compacted
// as CloudTrail writes it in trail files.
const seed004 = `{"Records":[{"eventVersion":"1.07","eventTime":"2019-11-07T13:25:00Z","awsRegion":"us-east-1","eventID":"a9edc959-9488-4790-be0f-05d60e56b547","eventType":"AwsCloudTrailInsight","recipientAccountId":"-REDACTED-","sharedEventID":"c2806063-d85d-42c3-9027-d2c56a477314","insightDetails":{"state":"Start","eventSource":"ec2.amazonaws.com","eventName":"RunInstances","insightType":"ApiCallRateInsight","insightContext":{"statistics":{"baseline":{"average":0.0020833333},"insight":{"average":6}}}},"eventCategory":"Insight"},{"eventVersion":"1.07","eventTime":"2019-11-07T13:26:00Z","awsRegion":"us-east-1","eventID":"33a52182-6ff8-49c8-baaa-9caac16a96ce","eventType":"AwsCloudTrailInsight","recipientAccountId":"-REDACTED-","sharedEventID":"c2806063-d85d-42c3-9027-d2c56a477314","insightDetails":{"state":"End","eventSource":"ec2.amazonaws.com","eventName":"RunInstances","insightType":"ApiCallRateInsight","insightContext":{"statistics":{"baseline":{"average":0.0020833333},"insight":{"average":6},"insightDuration":1}}},"eventCategory":"Insight"}]}`

// The records are byte for byte the trail records of seed 004 when given the same IDs and no
// attributions or baseline duration (which that 2019 record predates).
func TestRecordBytesMatchSeed004(t *testing.T) {
	o := &insight{Kind: kindSpike, SharedEventID: "c2806063-d85d-42c3-9027-d2c56a477314",
		Start: time.Date(2019, 11, 7, 13, 25, 0, 0, time.UTC), End: time.Date(2019, 11, 7, 13, 26, 0, 0, time.UTC),
		Minutes: 1, Sum: 6, Baseline: 21.0 / 10080,
		key: Key{Account: "-REDACTED-", Region: "us-east-1", EventSource: "ec2.amazonaws.com", EventName: "RunInstances", InsightType: CallRate}}
	start, end := newRecord(o, StateStart, nil), newRecord(o, StateEnd, nil)
	start.EventID, end.EventID = "a9edc959-9488-4790-be0f-05d60e56b547", "33a52182-6ff8-49c8-baaa-9caac16a96ce"
	got := `{"Records":[` + string(start.Marshal()) + "," + string(end.Marshal()) + "]}"
	if got != seed004 {
		t.Errorf("records differ from seed 004:\ngot  %s\nwant %s", got, seed004)
	}
}

// The AWS documentation's records (../shared/data/aws-docs-examples) read into Record and
// print back with the same members in the same order and the same values.
func TestRecordRoundTripsDocsExamples(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "shared", "data", "aws-docs-examples", "records.jsonl"))
	if err != nil {
		t.Skip("../shared/data is not here")
	}
	n := 0
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.Contains(line, `"AwsCloudTrailInsight"`) {
			continue
		}
		var r Record
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		json.Compact(&want, []byte(line))
		if got := normalizeNumbers(t, r.Marshal()); got != normalizeNumbers(t, want.Bytes()) {
			t.Errorf("record does not round-trip:\ngot  %s\nwant %s", got, want.String())
		}
		n++
	}
	if n != 5 {
		t.Errorf("%d Insights records in the docs examples, want 5", n)
	}
}

// normalizeNumbers re-prints a JSON text with every number as Go prints a float64, keeping the
// member order: the docs examples print 8.82145e-05 where CloudTrail prints 0.0000882145.
func normalizeNumbers(t *testing.T, b []byte) string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out strings.Builder
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch v := tok.(type) {
		case json.Number:
			f, _ := v.Float64()
			out.WriteString(strings.TrimSpace(string(mustJSON(f))))
		case json.Delim:
			out.WriteString(v.String())
		default:
			out.Write(mustJSON(v))
		}
		out.WriteByte(' ')
	}
	return out.String()
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

func TestNumberFormat(t *testing.T) {
	for v, want := range map[float64]string{21.0 / 10080: "0.0020833333", 6: "6", 85.42023809523: "85.4202380952", 0.6: "0.6", 8.82145e-05: "0.0000882145", 0: "0"} {
		if got, _ := Number(v).MarshalJSON(); string(got) != want {
			t.Errorf("%v prints %s, want %s", v, got, want)
		}
	}
}
