package anomaly

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// insight writes an Insights record in the trail format; duration < 0 leaves insightDuration
// out (as a Start record does).
func insight(shared, state, eventTime, name, insightType, errorCode string, duration float64) []byte {
	code := ""
	if errorCode != "" {
		code = fmt.Sprintf(`,"errorCode":%q`, errorCode)
	}
	dur := ""
	if duration >= 0 {
		dur = fmt.Sprintf(`,"insightDuration":%g`, duration)
	}
	return fmt.Appendf(nil, `{"eventVersion":"1.08","eventTime":%q,"awsRegion":"eu-west-1","eventID":"e-%s-%s",`+
		`"eventType":"AwsCloudTrailInsight","recipientAccountId":"111122223333","sharedEventID":%q,`+
		`"insightDetails":{"state":%q,"eventSource":"iam.amazonaws.com","eventName":%q,"insightType":%q%s,`+
		`"insightContext":{"statistics":{"baseline":{"average":0.0041666667},"insight":{"average":12.5}%s,"baselineDuration":10080}}},`+
		`"eventCategory":"Insight"}`, eventTime, shared, state, shared, state, name, insightType, code, dur)
}

func TestParseInsights(t *testing.T) {
	records := [][]byte{
		insight("a", "Start", "2024-03-12T08:15:00Z", "CreateUser", CallRate, "", -1),
		insight("b", "End", "2024-03-12T07:40:00Z", "DeleteInstanceProfile", ErrorRate, "AccessDenied", 12), // End only
		insight("a", "End", "2024-03-12T08:18:00Z", "CreateUser", CallRate, "", 3),
		insight("c", "Start", "2024-03-12T09:00:00Z", "AttachRolePolicy", CallRate, "", -1), // still open
	}
	got, err := ParseInsights(records)
	if err != nil {
		t.Fatal(err)
	}
	key := func(name, typ, code string) Key {
		return Key{"111122223333", "eu-west-1", "iam.amazonaws.com", name, typ, code}
	}
	ts := func(s string) time.Time { v, _ := time.Parse(time.RFC3339, s); return v }
	want := []Detected{
		{Key: key("DeleteInstanceProfile", ErrorRate, "AccessDenied"), SharedEventID: "b",
			Start: ts("2024-03-12T07:28:00Z"), End: ts("2024-03-12T07:40:00Z")},
		{Key: key("CreateUser", CallRate, ""), SharedEventID: "a", Start: ts("2024-03-12T08:15:00Z"),
			End: ts("2024-03-12T08:18:00Z"), BaselineAverage: 0.0041666667, InsightAverage: 12.5},
		{Key: key("AttachRolePolicy", CallRate, ""), SharedEventID: "c", Start: ts("2024-03-12T09:00:00Z"),
			BaselineAverage: 0.0041666667, InsightAverage: 12.5},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("ParseInsights:\n got %+v\nwant %+v", got, want)
	}
	if !got[2].Open() || got[1].Open() {
		t.Error("Open: only the insight without an End record is open")
	}
}

func TestParseInsightsRejects(t *testing.T) {
	start := insight("a", "Start", "2024-03-12T08:15:00Z", "CreateUser", CallRate, "", -1)
	for name, c := range map[string]struct {
		records [][]byte
		want    string
	}{
		"not JSON":         {[][]byte{[]byte(`{"eventTime":`)}, "insight record 0"},
		"management event": {[][]byte{record(time.Now(), "x", "eu-west-1", "iam.amazonaws.com", "CreateUser", false, true, "")}, "eventCategory"},
		"two Starts":       {[][]byte{start, start}, "a second Start"},
		"bad state":        {[][]byte{[]byte(strings.Replace(string(start), `"Start"`, `"Middle"`, 1))}, "state"},
		"error rate without code": {[][]byte{insight("a", "Start", "2024-03-12T08:15:00Z", "CreateUser", ErrorRate, "", -1)},
			"errorCode"},
		"unknown type": {[][]byte{insight("a", "Start", "2024-03-12T08:15:00Z", "CreateUser", "ApiLatencyInsight", "", -1)},
			"insightType"},
		"End on another series": {[][]byte{start, insight("a", "End", "2024-03-12T08:18:00Z", "DeleteUser", CallRate, "", 3)},
			"different series"},
		"End before Start": {[][]byte{start, insight("a", "End", "2024-03-12T08:10:00Z", "CreateUser", CallRate, "", 3)},
			"not after"},
		"End without duration": {[][]byte{insight("a", "End", "2024-03-12T08:18:00Z", "CreateUser", CallRate, "", -1)},
			"without a Start"},
	} {
		_, err := ParseInsights(c.records)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one mentioning %q", name, err, c.want)
		}
	}
}
