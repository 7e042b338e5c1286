package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ctlake/ctlake/store"
)

func mustParse(t *testing.T, p *Parser, raw string) store.Event {
	t.Helper()
	ev, err := p.Parse([]byte(raw))
	if err != nil {
		t.Fatalf("Parse(%s): %v", raw, err)
	}
	return ev
}

const fullEvent = ` {
  "eventVersion": "1.09",
  "userIdentity": {
    "type": "AssumedRole",
    "principalId": "AROAEXAMPLE:alice",
    "arn": "arn:aws:sts::111122223333:assumed-role/Admin/alice",
    "accountId": "111122223333",
    "accessKeyId": "ASIAEXAMPLE",
    "userName": "alice",
    "sessionContext": {
      "sessionIssuer": {"type": "Role", "principalId": "AROAEXAMPLE", "arn": "arn:aws:iam::111122223333:role/Admin", "accountId": "111122223333", "userName": "Admin"},
      "webIdFederationData": {"federatedProvider": "accounts.google.com", "attributes": {"aud": "x", "n": 1}},
      "attributes": {"creationDate": "2024-03-01T09:59:58+01:00", "mfaAuthenticated": true},
      "sourceIdentity": "alice@example.com",
      "ec2RoleDelivery": "2.0",
      "ec2IssuedInVpc": "vpc-1"
    },
    "invokedBy": "cloudformation.amazonaws.com",
    "identityProvider": "idp",
    "onBehalfOf": {"userId": "u-1", "identityStoreArn": "arn:aws:identitystore::111122223333:identitystore/d-1"},
    "credentialId": "cred-1",
    "extra": {"ignored": true}
  },
  "eventTime": "2024-03-01T10:00:00.250Z",
  "eventSource": "ec2.amazonaws.com",
  "eventName": "RunInstances",
  "awsRegion": "eu-west-1",
  "sourceIPAddress": "198.51.100.7",
  "userAgent": "aws-cli/2.15 \"quoted\" \u00e9",
  "errorCode": "Client.UnauthorizedOperation",
  "errorMessage": "You are not authorized",
  "requestParameters": {"instanceType": "t3.micro", "count": 2, "dryRun": false, "ok": true, "none": null,
    "tags": [ {"Key": "a\"b", "Value": "\u00e9\/x"} ], "obj": { "k" : [1, 2.50e3] }, "instanceType": "t3.large"},
  "responseElements": null,
  "additionalEventData": {},
  "requestID": "req-1",
  "eventID": "ev-1",
  "readOnly": false,
  "resources": [{"accountId": "111122223333", "type": "AWS::EC2::Instance", "ARN": "arn:aws:ec2:eu-west-1:111122223333:instance/i-1", "arnPrefix": "arn:aws:ec2:"}, {"arn": "lower"}],
  "eventType": "AwsApiCall",
  "apiVersion": "2016-11-15",
  "managementEvent": true,
  "recipientAccountId": "111122223333",
  "serviceEventDetails": {"a": "b"},
  "sharedEventID": "shared-1",
  "annotation": "note",
  "vpcEndpointId": "vpce-1",
  "vpcEndpointAccountId": "444455556666",
  "eventCategory": "Management",
  "addendum": {"reason": "DELIVERY_DELAY"},
  "sessionCredentialFromConsole": "true",
  "edgeDeviceDetails": {"d": 1},
  "tlsDetails": {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256", "clientProvidedHostHeader": "ec2.eu-west-1.amazonaws.com"},
  "insightDetails": {"state": "Start"},
  "unknownTopLevel": [1, 2, 3]
}
`

func TestParseFullEvent(t *testing.T) {
	p := NewParser()
	ev := mustParse(t, p, fullEvent)
	trimmed := strings.TrimSpace(fullEvent)
	sum := sha256.Sum256([]byte(trimmed))
	want := store.Event{
		EventVersion: "1.09",
		UserIdentity: &store.UserIdentity{
			Type: "AssumedRole", PrincipalID: "AROAEXAMPLE:alice", ARN: "arn:aws:sts::111122223333:assumed-role/Admin/alice",
			AccountID: "111122223333", AccessKeyID: "ASIAEXAMPLE", UserName: "alice",
			SessionContext: &store.SessionContext{
				Attributes:    &store.SessionAttributes{CreationDate: time.Date(2024, 3, 1, 8, 59, 58, 0, time.UTC), MFAAuthenticated: "true"},
				SessionIssuer: &store.SessionIssuer{Type: "Role", PrincipalID: "AROAEXAMPLE", ARN: "arn:aws:iam::111122223333:role/Admin", AccountID: "111122223333", UserName: "Admin"},
				WebIDFederationData: &store.WebIDFederationData{FederatedProvider: "accounts.google.com",
					Attributes: store.Map{{Key: "aud", Value: "x"}, {Key: "n", Value: "1"}}},
				SourceIdentity: "alice@example.com", EC2RoleDelivery: "2.0", EC2IssuedInVpc: "vpc-1",
			},
			InvokedBy: "cloudformation.amazonaws.com", IdentityProvider: "idp",
			OnBehalfOf:   &store.OnBehalfOf{UserID: "u-1", IdentityStoreArn: "arn:aws:identitystore::111122223333:identitystore/d-1"},
			CredentialID: "cred-1",
		},
		EventTime:       time.Date(2024, 3, 1, 10, 0, 0, 250e6, time.UTC),
		EventSource:     "ec2.amazonaws.com",
		EventName:       "RunInstances",
		AwsRegion:       "eu-west-1",
		SourceIPAddress: "198.51.100.7",
		UserAgent:       `aws-cli/2.15 "quoted" é`,
		ErrorCode:       "Client.UnauthorizedOperation",
		ErrorMessage:    "You are not authorized",
		RequestParameters: store.Map{
			{Key: "instanceType", Value: "t3.large"}, // repeated key: the last value, first place
			{Key: "count", Value: "2"},
			{Key: "dryRun", Value: "false"},
			{Key: "ok", Value: "true"},
			{Key: "none", Null: true},
			{Key: "tags", Value: `[{"Key":"a\"b","Value":"\u00e9\/x"}]`},
			{Key: "obj", Value: `{"k":[1,2.50e3]}`},
		},
		ResponseElements:    nil,
		AdditionalEventData: store.Map{},
		RequestID:           "req-1",
		EventID:             "ev-1",
		ReadOnly:            store.Bool(false),
		Resources: []store.Resource{
			{AccountID: "111122223333", Type: "AWS::EC2::Instance", ARN: "arn:aws:ec2:eu-west-1:111122223333:instance/i-1", ARNPrefix: "arn:aws:ec2:"},
			{ARN: "lower"},
		},
		EventType:                    "AwsApiCall",
		APIVersion:                   "2016-11-15",
		ManagementEvent:              store.Bool(true),
		RecipientAccountID:           "111122223333",
		ServiceEventDetails:          store.Map{{Key: "a", Value: "b"}},
		SharedEventID:                "shared-1",
		Annotation:                   "note",
		VpcEndpointID:                "vpce-1",
		VpcEndpointAccountID:         "444455556666",
		EventCategory:                "Management",
		Addendum:                     store.Map{{Key: "reason", Value: "DELIVERY_DELAY"}},
		SessionCredentialFromConsole: "true",
		EdgeDeviceDetails:            store.Map{{Key: "d", Value: "1"}},
		TLSDetails:                   &store.TLSDetails{TLSVersion: "TLSv1.3", CipherSuite: "TLS_AES_128_GCM_SHA256", ClientProvidedHostHeader: "ec2.eu-west-1.amazonaws.com"},
		InsightDetails:               store.Map{{Key: "state", Value: "Start"}},
		EventJSON:                    trimmed,
		EventJSONChecksum:            hex.EncodeToString(sum[:]),
	}
	if g, w := dumpEvent(ev), dumpEvent(want); g != w {
		t.Errorf("got\n%s\nwant\n%s", g, w)
	}
	if ev.AdditionalEventData == nil {
		t.Error("{} must be an empty map, not NULL")
	}
	if ev.EventTime.Location() != time.UTC {
		t.Error("eventTime not UTC")
	}

	// The event stays intact while the parser goes on.
	before := dumpEvent(ev)
	for i := range 100 {
		mustParse(t, p, string(sampleEvent(i)))
	}
	if after := dumpEvent(ev); after != before {
		t.Errorf("event changed by later parses:\n%s\n%s", before, after)
	}
}

// dumpEvent prints an event with its pointers followed.
func dumpEvent(ev store.Event) string {
	b, err := json.MarshalIndent(ev, "", " ")
	if err != nil {
		panic(err)
	}
	return string(b)
}

func TestParseEventTime(t *testing.T) {
	utc := func(s string) time.Time {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			panic(err)
		}
		return t.UTC()
	}
	good := map[string]time.Time{
		"2019-01-01T00:00:00Z":                utc("2019-01-01T00:00:00Z"),
		"2019-01-01T00:00:00.5Z":              utc("2019-01-01T00:00:00.5Z"),
		"2019-01-01T00:00:00.123456789Z":      utc("2019-01-01T00:00:00.123456789Z"),
		"2019-01-01T00:00:00.1234567891234Z":  utc("2019-01-01T00:00:00.123456789Z"),
		"2019-01-01T02:30:00+02:30":           utc("2019-01-01T00:00:00Z"),
		"2018-12-31T23:00:00.25-01:00":        utc("2019-01-01T00:00:00.25Z"),
		"2019-01-01T01:00:00+0100":            utc("2019-01-01T00:00:00Z"),
		"2019-01-01t00:00:00z":                utc("2019-01-01T00:00:00Z"),
		"2019-01-01 00:00:00":                 utc("2019-01-01T00:00:00Z"),
		"2019-01-01 00:00:00.000":             utc("2019-01-01T00:00:00Z"),
		"2025-01-20 16:52:14.000000000":       utc("2025-01-20T16:52:14Z"),
		"2019-01-01T00:00:00":                 utc("2019-01-01T00:00:00Z"),
		"2024-02-29T12:00:00Z":                utc("2024-02-29T12:00:00Z"),
		"0001-01-01T00:00:00.000000001Z":      utc("0001-01-01T00:00:00.000000001Z"),
		"9999-12-31T23:59:59.999999999+00:00": utc("9999-12-31T23:59:59.999999999Z"),
	}
	p := NewParser()
	for in, want := range good {
		ev, err := p.Parse([]byte(`{"eventTime":"` + in + `"}`))
		if err != nil || !ev.EventTime.Equal(want) || ev.EventTime.Location() != time.UTC {
			t.Errorf("%s: got %v %v, want %v", in, ev.EventTime, err, want)
		}
	}
	bad := []string{"redacted", "...", "", "2019-01-01", "2019-02-30T00:00:00Z", "2023-02-29T00:00:00Z",
		"2019-13-01T00:00:00Z", "2019-01-01T24:00:00Z", "2019-01-01T00:60:00Z", "2019-01-01T00:00:60Z",
		"2019-01-01T00:00:00+2:00", "2019-01-01T00:00:00+24:00", "2019-01-01T00:00:00ZZ", "2019-01-01T00:00:00.Z",
		"2019-01-01X00:00:00Z", "2019/01/01T00:00:00Z", "0001-01-01T00:00:00Z", " 2019-01-01T00:00:00Z",
		"2019-01-01T00:00:00 Z", "+019-01-01T00:00:00Z", "2019-01-01T00:00:00+01:0a",
		"0000-01-01 00:00:00+0100", "9999-12-31T23:59:59-00:01"}
	for _, in := range bad {
		_, err := p.Parse([]byte(`{"eventTime":"` + in + `"}`))
		if !errors.Is(err, ErrInvalidField) || !errors.Is(err, ErrBadRecord) ||
			!strings.HasPrefix(err.Error(), "eventTime: invalid value ") || !strings.Contains(err.Error(), fmt.Sprintf("%q", in)) {
			t.Errorf("%q: got %v, want eventTime invalid value", in, err)
		}
	}
	for raw, kind := range map[string]error{
		`{}`:                  ErrMissingField,
		`{"eventTime":null}`:  ErrMissingField,
		`{"eventTime":1}`:     ErrWrongType,
		`{"eventTime":{}}`:    ErrWrongType,
		`{"eventTime":false}`: ErrWrongType,
	} {
		_, err := p.Parse([]byte(raw))
		if !errors.Is(err, kind) || !strings.HasPrefix(err.Error(), "eventTime: ") {
			t.Errorf("%s: got %v, want %v naming eventTime", raw, err, kind)
		}
	}
	if _, err := p.Parse([]byte(`{"eventTime":"redacted"}`)); err == nil || err.Error() != `eventTime: invalid value "redacted"` {
		t.Errorf("message: %v", err)
	}
}

func TestParseFieldErrors(t *testing.T) {
	const ok = `"eventTime":"2020-01-01T00:00:00Z"`
	tests := []struct {
		field, value string
		kind         error
		path         string
	}{
		{"readOnly", `"True"`, ErrWrongType, "readOnly"},
		{"readOnly", `1`, ErrWrongType, "readOnly"},
		{"managementEvent", `"true"`, ErrWrongType, "managementEvent"},
		{"eventName", `5`, ErrWrongType, "eventName"},
		{"eventID", `{}`, ErrWrongType, "eventID"},
		{"errorCode", `true`, ErrWrongType, "errorCode"},
		{"sessionCredentialFromConsole", `1`, ErrWrongType, "sessionCredentialFromConsole"},
		{"userIdentity", `"x"`, ErrWrongType, "userIdentity"},
		{"userIdentity", `[]`, ErrWrongType, "userIdentity"},
		{"userIdentity", `{"type":1}`, ErrWrongType, "userIdentity.type"},
		{"userIdentity", `{"sessionContext":[]}`, ErrWrongType, "userIdentity.sessionContext"},
		{"userIdentity", `{"sessionContext":{"attributes":{"creationDate":123}}}`, ErrWrongType, "userIdentity.sessionContext.attributes.creationDate"},
		{"userIdentity", `{"sessionContext":{"attributes":{"creationDate":"soon"}}}`, ErrInvalidField, "userIdentity.sessionContext.attributes.creationDate"},
		{"userIdentity", `{"sessionContext":{"attributes":{"mfaAuthenticated":1}}}`, ErrWrongType, "userIdentity.sessionContext.attributes.mfaAuthenticated"},
		{"userIdentity", `{"sessionContext":{"attributes":"x"}}`, ErrWrongType, "userIdentity.sessionContext.attributes"},
		{"userIdentity", `{"sessionContext":{"sessionIssuer":{"arn":[]}}}`, ErrWrongType, "userIdentity.sessionContext.sessionIssuer.arn"},
		{"userIdentity", `{"sessionContext":{"webIdFederationData":{"attributes":"x"}}}`, ErrWrongType, "userIdentity.sessionContext.webIdFederationData.attributes"},
		{"userIdentity", `{"sessionContext":{"webIdFederationData":{"federatedProvider":1}}}`, ErrWrongType, "userIdentity.sessionContext.webIdFederationData.federatedProvider"},
		{"userIdentity", `{"sessionContext":{"sourceIdentity":1}}`, ErrWrongType, "userIdentity.sessionContext.sourceIdentity"},
		{"userIdentity", `{"onBehalfOf":{"userId":1}}`, ErrWrongType, "userIdentity.onBehalfOf.userId"},
		{"userIdentity", `{"onBehalfOf":1}`, ErrWrongType, "userIdentity.onBehalfOf"},
		{"resources", `{}`, ErrWrongType, "resources"},
		{"resources", `[{}, 1]`, ErrWrongType, "resources[1]"},
		{"resources", `[{"ARN":1}]`, ErrWrongType, "resources[0].ARN"},
		{"resources", `[{}, {"type":null}, {"accountId":[]}]`, ErrWrongType, "resources[2].accountId"},
		{"tlsDetails", `[]`, ErrWrongType, "tlsDetails"},
		{"tlsDetails", `{"tlsVersion":1.2}`, ErrWrongType, "tlsDetails.tlsVersion"},
		{"requestParameters", `"x"`, ErrWrongType, "requestParameters"},
		{"responseElements", `[]`, ErrWrongType, "responseElements"},
		{"additionalEventData", `1`, ErrWrongType, "additionalEventData"},
		{"serviceEventDetails", `"{}"`, ErrWrongType, "serviceEventDetails"},
		{"addendum", `true`, ErrWrongType, "addendum"},
		{"edgeDeviceDetails", `[{}]`, ErrWrongType, "edgeDeviceDetails"},
		{"insightDetails", `"x"`, ErrWrongType, "insightDetails"},
	}
	p := NewParser()
	for _, tt := range tests {
		for _, raw := range []string{
			`{` + ok + `,"` + tt.field + `":` + tt.value + `}`,
			`{"` + tt.field + `":` + tt.value + `,` + ok + `}`,
		} {
			_, err := p.Parse([]byte(raw))
			if !errors.Is(err, tt.kind) || !errors.Is(err, ErrBadRecord) || !strings.HasPrefix(fmt.Sprint(err), tt.path+": ") {
				t.Errorf("%s: got %v, want %v at %s", raw, err, tt.kind, tt.path)
			}
		}
	}
	if _, err := p.Parse([]byte(`{` + ok + `,"readOnly":"True"}`)); err == nil || err.Error() != "readOnly: wrong type: want boolean, got string" {
		t.Errorf("message: %v", err)
	}
}

func TestParseNotAnObject(t *testing.T) {
	p := NewParser()
	for _, raw := range []string{``, `  `, `[]`, `[{"eventTime":"2020-01-01T00:00:00Z"}]`, `"x"`, `1`, `null`, `not json`,
		`{"eventTime":"2020-01-01T00:00:00Z"`, `{"eventTime":"2020-01-01T00:00:00Z"} x`, "{\"eventTime\":\"2020-01-01T00:00:00Z\",\"a\":\"\xff\"}"} {
		if _, err := p.Parse([]byte(raw)); !errors.Is(err, ErrBadRecord) {
			t.Errorf("%q: %v, want ErrBadRecord", raw, err)
		}
	}
}

func TestParseValues(t *testing.T) {
	p := NewParser()
	ev := mustParse(t, p, `{"eventTime":"2020-01-01T00:00:00Z","eventName":null,"readOnly":null,"userIdentity":null,
		"resources":[],"tlsDetails":null,"requestParameters":{"a":"\u0041\n","b":-1.5e-3,"c":[],"d":{}},
		"userIdentity":{"sessionContext":{"attributes":{"creationDate":"","mfaAuthenticated":"false"},"webIdFederationData":{}}},
		"sessionCredentialFromConsole":true,"unknown":{"x":[1,2]}}`)
	if ev.EventName != "" || ev.ReadOnly.Valid || ev.TLSDetails != nil {
		t.Errorf("nulls: %+v", ev)
	}
	if ev.Resources == nil || len(ev.Resources) != 0 {
		t.Errorf("resources [] = %#v, want empty non-nil", ev.Resources)
	}
	want := store.Map{{Key: "a", Value: "A\n"}, {Key: "b", Value: "-1.5e-3"}, {Key: "c", Value: "[]"}, {Key: "d", Value: "{}"}}
	if fmt.Sprint(ev.RequestParameters) != fmt.Sprint(want) {
		t.Errorf("requestParameters = %v, want %v", ev.RequestParameters, want)
	}
	at := ev.UserIdentity.SessionContext.Attributes
	if !at.CreationDate.IsZero() || at.MFAAuthenticated != "false" {
		t.Errorf("attributes = %+v", at)
	}
	if wf := ev.UserIdentity.SessionContext.WebIDFederationData; wf == nil || wf.Attributes != nil {
		t.Errorf("webIdFederationData {} = %+v", wf)
	}
	if ev.SessionCredentialFromConsole != "true" {
		t.Errorf("sessionCredentialFromConsole = %q", ev.SessionCredentialFromConsole)
	}
}

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestParseDerivedEventID(t *testing.T) {
	p := NewParser()
	a := `{"eventTime":"2020-01-01T00:00:00Z","eventName":"A"}`
	b := `{"eventTime":"2020-01-01T00:00:00Z","eventName":"B"}`
	id1 := mustParse(t, p, a).EventID
	id2 := mustParse(t, NewParser(), "\n "+a+"\r\n").EventID
	id3 := mustParse(t, p, `{"eventTime":"2020-01-01T00:00:00Z","eventName":"A","eventID":""}`).EventID
	id4 := mustParse(t, p, b).EventID
	if !uuidRE.MatchString(id1) || id1 != id2 || id1 == id4 || !uuidRE.MatchString(id3) || id3 == id1 {
		t.Errorf("ids %s %s %s %s", id1, id2, id3, id4)
	}
	sum := sha256.Sum256([]byte(a))
	if h := hex.EncodeToString(sum[:4]); !strings.HasPrefix(id1, h) {
		t.Errorf("id %s does not come from the SHA-256 %x", id1, sum)
	}
	if id := mustParse(t, p, `{"eventTime":"2020-01-01T00:00:00Z","eventID":"given"}`).EventID; id != "given" {
		t.Errorf("given id replaced: %s", id)
	}
}

func TestParseEventCategory(t *testing.T) {
	p := NewParser()
	for fields, want := range map[string]string{
		``:                          "Management",
		`,"eventType":"AwsApiCall"`: "Management",
		`,"eventType":"AwsApiCall","managementEvent":true`:                                    "Management",
		`,"eventType":"AwsApiCall","managementEvent":false`:                                   "Data",
		`,"eventType":"AwsApiCall","managementEvent":null`:                                    "Management",
		`,"eventType":"AwsServiceEvent","managementEvent":false`:                              "Management",
		`,"eventType":"AwsCloudTrailInsight"`:                                                 "Insight",
		`,"eventType":"AwsApiCall","managementEvent":false,"eventCategory":"NetworkActivity"`: "NetworkActivity",
		`,"eventCategory":null,"eventType":"AwsCloudTrailInsight"`:                            "Insight",
	} {
		if got := mustParse(t, p, `{"eventTime":"2020-01-01T00:00:00Z"`+fields+`}`).EventCategory; got != want {
			t.Errorf("%s: %s, want %s", fields, got, want)
		}
	}
}

// TestSharedData decodes and parses the real CloudTrail samples under /work/shared/data.
func TestSharedData(t *testing.T) {
	const root = "/work/shared/data"
	if _, err := os.Stat(root); err != nil {
		t.Skipf("no shared data: %v", err)
	}
	type counts struct {
		files, events, failures int
		errs                    []error
	}
	per := map[string]*counts{} // by top folder, or path for the single files checked below
	p := NewParser()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch filepath.Ext(path) {
		case ".json", ".jsonl", ".csv", ".gz":
		default:
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		key := strings.Split(rel, string(filepath.Separator))[0]
		if strings.HasPrefix(rel, "panther-tests/") || strings.HasPrefix(rel, "otrf-aws/") {
			key = rel
		}
		c := per[key]
		if c == nil {
			c = &counts{}
			per[key] = c
		}
		c.files++
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		fail := func(err error) {
			c.failures++
			c.errs = append(c.errs, err)
		}
		err = Decode(context.Background(), rel, f, func(r Record) error {
			ev, err := p.Parse(r.Raw)
			if err != nil {
				fail(RecordError{File: rel, Index: r.Index, Line: r.Line, Err: err})
				return nil
			}
			if ev.EventTime.IsZero() || ev.EventID == "" || ev.EventCategory == "" || len(ev.EventJSONChecksum) != 64 {
				fail(fmt.Errorf("%s: record %d: incomplete event %+v", rel, r.Index, ev))
			}
			c.events++
			return nil
		}, func(re RecordError) { fail(re) })
		if err != nil {
			fail(err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for k, c := range per {
		t.Logf("%-60s %3d files %5d events %4d failures", k, c.files, c.events, c.failures)
		for i, err := range c.errs {
			if i == 3 {
				t.Logf("    … %d more", len(c.errs)-i)
				break
			}
			t.Logf("    %v", err)
		}
	}
	for _, k := range []string{"invictus-sigma-aws", "stratus-red-team"} {
		if c := per[k]; c == nil || c.events == 0 || c.failures != 0 {
			t.Errorf("%s: want events and no failures, got %+v", k, c)
		}
	}
	if c := per["panther-tests/records_dir/records.jsonl"]; c == nil || c.failures == 0 || c.events < 5*c.failures {
		t.Errorf("panther records: want some failures and many events, got %+v", c)
	}
	otrf := 0
	for k, c := range per {
		switch {
		case strings.HasPrefix(k, "otrf-aws/") && strings.HasSuffix(k, ".json"):
			otrf++
			if c.events != 0 || c.failures == 0 {
				t.Errorf("%s: want every record to fail, got %d events %d failures", k, c.events, c.failures)
			}
			for _, err := range c.errs {
				if !errors.Is(err, ErrMissingField) || !strings.Contains(err.Error(), "eventTime") {
					t.Errorf("%s: %v, want missing eventTime", k, err)
					break
				}
			}
		case strings.HasSuffix(k, ".csv"):
			if len(c.errs) != 1 || !errors.Is(c.errs[0], ErrBadFile) || c.events != 0 {
				t.Errorf("%s: want ErrBadFile, got %v", k, c.errs)
			}
		}
	}
	if otrf == 0 {
		t.Error("no otrf-aws json file found")
	}
}

// BenchmarkParse measures Parser.Parse on ~1.5 KB events.
func BenchmarkParse(b *testing.B) {
	recs := make([][]byte, 1000)
	size := 0
	for i := range recs {
		recs[i] = sampleEvent(i)
		size += len(recs[i])
	}
	p := NewParser()
	b.SetBytes(int64(size / len(recs)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := p.Parse(recs[i%len(recs)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "events/s")
}
