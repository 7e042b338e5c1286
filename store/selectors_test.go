package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// cliExample is the example of `aws cloudtrail create-event-data-store help`.
const selCLIExample = `[{"Name":"Log all S3 data events","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::S3::Object"]}]}]`

// validSelectorJSON are selector sets CloudTrail Lake accepts; they seed FuzzParseSelectors.
var validSelectorJSON = []string{
	selCLIExample,
	`[{"Name":"Default management events","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]}]`,
	`[{"FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]},{"Field":"readOnly","Equals":["false"]},{"Field":"eventSource","NotEquals":["kms.amazonaws.com","rdsdata.amazonaws.com"]}]}]`,
	`[{"Name":"Mgmt","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]},{"Field":"eventName","StartsWith":["Create","Delete"],"NotEquals":["CreateTags"]},{"Field":"eventType","Equals":["AwsApiCall"]},{"Field":"userIdentity.arn","NotStartsWith":["arn:aws:sts::111122223333:assumed-role/ci/"]},{"Field":"sessionCredentialFromConsole","NotEquals":["true"]}]},` +
		`{"Name":"S3 writes in one bucket","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::S3::Object"]},{"Field":"readOnly","Equals":["false"]},{"Field":"resources.ARN","StartsWith":["arn:aws:s3:::amzn-s3-demo-bucket/"],"NotEndsWith":[".tmp"]}]},` +
		`{"Name":"Lambda","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::Lambda::Function"]},{"Field":"eventName","Equals":["Invoke"]},{"Field":"eventSource","EndsWith":["lambda.amazonaws.com"]}]},` +
		`{"Name":"VPCE denied","FieldSelectors":[{"Field":"eventCategory","Equals":["NetworkActivity"]},{"Field":"eventSource","Equals":["ec2.amazonaws.com"]},{"Field":"errorCode","Equals":["VpceAccessDenied"]},{"Field":"vpcEndpointId","NotEquals":["vpce-0123456789abcdef0"]},{"Field":"eventName","NotStartsWith":["Describe"]}]}]`,
	`[{"FieldSelectors":[{"Field":"eventCategory","Equals":["ConfigurationItem"]}]}]`,
	`[{"FieldSelectors":[{"Field":"eventCategory","Equals":["ActivityAuditLog"]}]}]`,
	`[{"FieldSelectors":[{"Field":"eventCategory","Equals":["Insight"]}]}]`,
	`[{"FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::DynamoDB::Table"]},{"Field":"resources.ARN","Equals":["arn:aws:dynamodb:us-east-1:111122223333:table/*"]}]}]`,
}

// fsel builds a field selector with one operator.
func tFieldSel(field string, op selOp, values ...string) FieldSelector {
	f := FieldSelector{Field: field}
	*f.values(op) = values
	return f
}

func tSel(name string, fs ...FieldSelector) AdvancedEventSelector {
	return AdvancedEventSelector{Name: name, FieldSelectors: fs}
}

func tCat(c string) FieldSelector { return tFieldSel("eventCategory", selEquals, c) }

func tMgmt(fs ...FieldSelector) AdvancedEventSelector {
	return tSel("", append([]FieldSelector{tCat("Management")}, fs...)...)
}

func tS3Data(fs ...FieldSelector) AdvancedEventSelector {
	return tSel("", append([]FieldSelector{tCat("Data"), tFieldSel("resources.type", selEquals, "AWS::S3::Object")}, fs...)...)
}

func tNetAct(fs ...FieldSelector) AdvancedEventSelector {
	return tSel("", append([]FieldSelector{tCat("NetworkActivity"), tFieldSel("eventSource", selEquals, "kms.amazonaws.com")}, fs...)...)
}

func tValues(n int) []string {
	v := make([]string, n)
	for i := range v {
		v[i] = fmt.Sprintf("Op%d", i)
	}
	return v
}

func TestValidateSelectors(t *testing.T) {
	tests := []struct {
		name string
		sels []AdvancedEventSelector
		want string // "" = valid; else a substring of the error
	}{
		// Valid sets.
		{"default", DefaultSelectors(), ""},
		{"all management fields", []AdvancedEventSelector{tMgmt(
			tFieldSel("eventSource", selNotEquals, "kms.amazonaws.com"), tFieldSel("eventName", selStartsWith, "Create"),
			tFieldSel("eventType", selNotEquals, "AwsServiceEvent"), tFieldSel("readOnly", selEquals, "true"),
			tFieldSel("sessionCredentialFromConsole", selNotEquals, "true"), tFieldSel("userIdentity.arn", selEndsWith, ":root"))}, ""},
		{"all data fields", []AdvancedEventSelector{tS3Data(
			tFieldSel("resources.ARN", selNotStartsWith, "arn:aws:s3:::logs/"), tFieldSel("eventSource", selEquals, "s3.amazonaws.com"),
			tFieldSel("eventName", selNotEndsWith, "Acl"), tFieldSel("eventType", selEquals, "AwsApiCall"), tFieldSel("readOnly", selEquals, "false"),
			tFieldSel("sessionCredentialFromConsole", selEquals, "true"), tFieldSel("userIdentity.arn", selStartsWith, "arn:aws:iam::"))}, ""},
		{"all network fields", []AdvancedEventSelector{tNetAct(
			tFieldSel("eventName", selEquals, "Decrypt"), tFieldSel("errorCode", selEquals, "VpceAccessDenied"),
			tFieldSel("vpcEndpointId", selStartsWith, "vpce-"))}, ""},
		{"management data network together", []AdvancedEventSelector{tMgmt(), tS3Data(), tNetAct()}, ""},
		{"two insight selectors", []AdvancedEventSelector{tSel("", tCat("Insight")), tSel("", tCat("Insight"))}, ""},
		{"evidence", []AdvancedEventSelector{tSel("", tCat("Evidence"))}, ""},
		{"wildcard is literal, accepted", []AdvancedEventSelector{tMgmt(tFieldSel("eventName", selEquals, "*"))}, ""},
		{"five selectors", []AdvancedEventSelector{tMgmt(), tMgmt(), tMgmt(), tMgmt(), tMgmt()}, ""},
		{"500 values", []AdvancedEventSelector{tMgmt(tFieldSel("eventName", selEquals, tValues(499)...))}, ""},
		{"value of 2048 characters", []AdvancedEventSelector{tMgmt(tFieldSel("eventName", selEquals, strings.Repeat("x", 2048)))}, ""},
		{"name of 1000 characters", []AdvancedEventSelector{tSel(strings.Repeat("n", 1000), tCat("Management"))}, ""},
		{"several operators on one field", []AdvancedEventSelector{tMgmt(FieldSelector{Field: "eventName",
			StartsWith: []string{"Get"}, NotEquals: []string{"GetObject"}, NotEndsWith: []string{"Acl"}})}, ""},

		// R1: 1..5 selectors.
		{"R1 nil", nil, "at least one advanced event selector is required"},
		{"R1 empty", []AdvancedEventSelector{}, "at least one advanced event selector is required"},
		{"R1 six", []AdvancedEventSelector{tMgmt(), tMgmt(), tMgmt(), tMgmt(), tMgmt(), tMgmt()}, "6 advanced event selectors, at most 5"},
		// R2: Name length.
		{"R2 name too long", []AdvancedEventSelector{tSel(strings.Repeat("n", 1001), tCat("Management"))}, "name is 1001 characters long, at most 1000"},
		{"R2 name counted in UTF-16", []AdvancedEventSelector{tSel(strings.Repeat("😀", 501), tCat("Management"))}, "name is 1002 characters long"},
		{"R2 name not UTF-8", []AdvancedEventSelector{tSel("bad\xff", tCat("Management"))}, "name is not valid UTF-8"},
		// R3: at least one field selector.
		{"R3 no field selectors", []AdvancedEventSelector{tSel("Empty")}, `selector 0 ("Empty"): at least one field selector is required`},
		// R4: Field named.
		{"R4 empty field", []AdvancedEventSelector{tMgmt(tFieldSel("", selEquals, "x"))}, "selector 0: field selector 1: Field is required"},
		// R5: operators and values present.
		{"R5 no operator", []AdvancedEventSelector{tMgmt(FieldSelector{Field: "eventName"})}, `field "eventName": at least one operator`},
		{"R5 empty list", []AdvancedEventSelector{tMgmt(FieldSelector{Field: "eventName", Equals: []string{}})}, `field "eventName": Equals has no values`},
		// R6: values.
		{"R6 empty value", []AdvancedEventSelector{tMgmt(tFieldSel("eventName", selNotEquals, "a", ""))}, `field "eventName": NotEquals value 1 is empty`},
		{"R6 value too long", []AdvancedEventSelector{tMgmt(tFieldSel("userIdentity.arn", selStartsWith, strings.Repeat("x", 2049)))},
			`field "userIdentity.arn": StartsWith value 0 is 2049 characters long, at most 2048`},
		{"R6 value not UTF-8", []AdvancedEventSelector{tMgmt(tFieldSel("eventName", selEquals, "\xc3"))}, `field "eventName": Equals value 0 is not valid UTF-8`},
		// R7: no duplicate field.
		{"R7 duplicate field", []AdvancedEventSelector{tMgmt(tFieldSel("eventName", selEquals, "A"), tFieldSel("eventName", selNotEquals, "B"))},
			`field "eventName" appears more than once (field selectors 1 and 2)`},
		{"R7 duplicate eventCategory", []AdvancedEventSelector{tSel("", tCat("Management"), tCat("Management"))}, `field "eventCategory" appears more than once`},
		// R8: eventCategory.
		{"R8 missing eventCategory", []AdvancedEventSelector{tSel("No cat", tFieldSel("eventName", selEquals, "A"))},
			`selector 0 ("No cat"): field "eventCategory" is required`},
		{"R8 eventCategory NotEquals", []AdvancedEventSelector{tSel("", tFieldSel("eventCategory", selNotEquals, "Data"))},
			`field "eventCategory": only Equals is allowed, not NotEquals`},
		{"R8 eventCategory Equals and StartsWith", []AdvancedEventSelector{tSel("", FieldSelector{Field: "eventCategory",
			Equals: []string{"Management"}, StartsWith: []string{"M"}})}, `field "eventCategory": only Equals is allowed, not StartsWith`},
		{"R8 two categories", []AdvancedEventSelector{tSel("", tFieldSel("eventCategory", selEquals, "Management", "Data"))},
			`field "eventCategory": Equals takes exactly one event category, got 2`},
		{"R8 unknown category", []AdvancedEventSelector{tSel("", tCat("management"))}, `field "eventCategory": "management" is not an event category`},
		// R9: fields per category.
		{"R9 unknown field", []AdvancedEventSelector{tSel("Log S3", tCat("Management"), tFieldSel("foo", selEquals, "x"))},
			`selector 0 ("Log S3"): field "foo" is not valid for Management events`},
		{"R9 field names are case-sensitive", []AdvancedEventSelector{tS3Data(tFieldSel("resources.arn", selEquals, "x"))},
			`field "resources.arn" is not valid for Data events`},
		{"R9 resources.ARN in management", []AdvancedEventSelector{tMgmt(tFieldSel("resources.ARN", selStartsWith, "arn:"))},
			`field "resources.ARN" is not valid for Management events`},
		{"R9 resources.type in management", []AdvancedEventSelector{tMgmt(tFieldSel("resources.type", selEquals, "AWS::S3::Object"))},
			`field "resources.type" is not valid for Management events`},
		{"R9 errorCode in management", []AdvancedEventSelector{tMgmt(tFieldSel("errorCode", selEquals, "AccessDenied"))},
			`field "errorCode" is not valid for Management events`},
		{"R9 vpcEndpointId in data", []AdvancedEventSelector{tS3Data(tFieldSel("vpcEndpointId", selEquals, "vpce-1"))},
			`field "vpcEndpointId" is not valid for Data events`},
		{"R9 readOnly in network activity", []AdvancedEventSelector{tNetAct(tFieldSel("readOnly", selEquals, "true"))},
			`field "readOnly" is not valid for NetworkActivity events`},
		{"R9 eventName in configuration items", []AdvancedEventSelector{tSel("", tCat("ConfigurationItem"), tFieldSel("eventName", selEquals, "x"))},
			`field "eventName" is not valid for ConfigurationItem events`},
		{"R9 eventSource in activity audit log", []AdvancedEventSelector{tSel("", tCat("ActivityAuditLog"), tFieldSel("eventSource", selEquals, "x"))},
			`field "eventSource" is not valid for ActivityAuditLog events`},
		{"R9 eventName in insight", []AdvancedEventSelector{tSel("", tCat("Insight"), tFieldSel("eventName", selEquals, "x"))},
			`field "eventName" is not valid for Insight events`},
		// R10: operators per field.
		{"R10 readOnly NotEquals", []AdvancedEventSelector{tMgmt(tFieldSel("readOnly", selNotEquals, "true"))}, `field "readOnly": only Equals is allowed, not NotEquals`},
		{"R10 resources.type StartsWith", []AdvancedEventSelector{tSel("", tCat("Data"), tFieldSel("resources.type", selStartsWith, "AWS::S3::"))},
			`field "resources.type": only Equals is allowed, not StartsWith`},
		{"R10 sessionCredentialFromConsole StartsWith", []AdvancedEventSelector{tMgmt(tFieldSel("sessionCredentialFromConsole", selStartsWith, "t"))},
			`field "sessionCredentialFromConsole": operator StartsWith is not allowed`},
		{"R10 network eventSource NotEquals", []AdvancedEventSelector{tSel("", tCat("NetworkActivity"), tFieldSel("eventSource", selNotEquals, "kms.amazonaws.com"))},
			`field "eventSource": only Equals is allowed, not NotEquals`},
		{"R10 errorCode NotEquals", []AdvancedEventSelector{tNetAct(tFieldSel("errorCode", selNotEquals, "VpceAccessDenied"))},
			`field "errorCode": only Equals is allowed, not NotEquals`},
		// R11: restricted values.
		{"R11 readOnly yes", []AdvancedEventSelector{tMgmt(tFieldSel("readOnly", selEquals, "yes"))}, `field "readOnly": Equals value "yes" is not valid for Management events ("true" or "false")`},
		{"R11 readOnly True", []AdvancedEventSelector{tS3Data(tFieldSel("readOnly", selEquals, "True"))}, `field "readOnly": Equals value "True" is not valid for Data events`},
		{"R11 unknown resource type", []AdvancedEventSelector{tSel("", tCat("Data"), tFieldSel("resources.type", selEquals, "AWS::S3::Bucket"))},
			`field "resources.type": Equals value "AWS::S3::Bucket" is not valid for Data events`},
		{"R11 unknown network event source", []AdvancedEventSelector{tSel("", tCat("NetworkActivity"), tFieldSel("eventSource", selEquals, "example.amazonaws.com"))},
			`field "eventSource": Equals value "example.amazonaws.com" is not valid for NetworkActivity events`},
		{"R11 network errorCode", []AdvancedEventSelector{tNetAct(tFieldSel("errorCode", selEquals, "AccessDenied"))},
			`field "errorCode": Equals value "AccessDenied" is not valid for NetworkActivity events (VpceAccessDenied)`},
		// R12: single-valued fields.
		{"R12 two resource types", []AdvancedEventSelector{tSel("", tCat("Data"), tFieldSel("resources.type", selEquals, "AWS::S3::Object", "AWS::Lambda::Function"))},
			`field "resources.type": Equals takes exactly one value for Data events, got 2`},
		{"R12 two network sources", []AdvancedEventSelector{tSel("", tCat("NetworkActivity"), tFieldSel("eventSource", selEquals, "kms.amazonaws.com", "ec2.amazonaws.com"))},
			`field "eventSource": Equals takes exactly one value for NetworkActivity events, got 2`},
		// R13: required fields.
		{"R13 data without resources.type", []AdvancedEventSelector{tSel("Data", tCat("Data"), tFieldSel("eventName", selEquals, "GetObject"))},
			`selector 0 ("Data"): field "resources.type" is required for Data events`},
		{"R13 network without eventSource", []AdvancedEventSelector{tSel("", tCat("NetworkActivity"))}, `field "eventSource" is required for NetworkActivity events`},
		// R14: one kind of events per store.
		{"R14 management and config items", []AdvancedEventSelector{tMgmt(), tSel("Config", tCat("ConfigurationItem"))},
			`selector 1 ("Config"): ConfigurationItem events cannot be combined with Management events (selector 0)`},
		{"R14 insight and audit log", []AdvancedEventSelector{tSel("", tCat("Insight")), tSel("", tCat("ActivityAuditLog"))},
			`selector 1: ActivityAuditLog events cannot be combined with Insight events`},
		// R15: at most 500 values.
		{"R15 501 values", []AdvancedEventSelector{tMgmt(tFieldSel("eventName", selEquals, tValues(250)...)), tMgmt(tFieldSel("eventName", selEquals, tValues(249)...))},
			"501 condition values in all selectors, at most 500"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateSelectors(tt.sels)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("ValidateSelectors: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("ValidateSelectors = nil, want error containing %q", tt.want)
			}
			if !errors.Is(err, ErrInvalidSelectors) {
				t.Errorf("error %v does not wrap ErrInvalidSelectors", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q\n does not contain %q", err, tt.want)
			}
		})
	}
}

func TestValidateSelectorsErrorText(t *testing.T) {
	err := ValidateSelectors([]AdvancedEventSelector{tSel("Log S3", tCat("Management"), tFieldSel("foo", selEquals, "x"))})
	want := `invalid event selectors: selector 0 ("Log S3"): field "foo" is not valid for Management events`
	if err == nil || err.Error() != want {
		t.Fatalf("error = %v, want %s", err, want)
	}
	// Long user values are cut in messages.
	long := strings.Repeat("é", 100)
	err = ValidateSelectors([]AdvancedEventSelector{tMgmt(tFieldSel(long, selEquals, "x"))})
	if err == nil || strings.Contains(err.Error(), long) || !strings.Contains(err.Error(), "…") {
		t.Fatalf("error = %v, want the field name shortened", err)
	}
}

func TestSelectorDataResourceTypes(t *testing.T) {
	// From the CloudTrail user guide's data event table (seed 003) and the API model.
	for _, typ := range []string{
		"AWS::S3::Object", "AWS::Lambda::Function", "AWS::DynamoDB::Table", "AWS::DynamoDB::Stream",
		"AWS::CloudTrail::Channel", "AWS::S3ObjectLambda::AccessPoint", "AWS::S3Outposts::Object",
		"AWS::QApps::QApp", "AWS::XRay::Trace", "AWS::SSM::ManagedNode", "AWS::GreengrassV2::Deployment",
	} {
		if !selDataResourceType(typ) {
			t.Errorf("%s is not a known data resource type", typ)
		}
	}
	for _, typ := range []string{"AWS::S3::Bucket", "AWS::QApps:QApp", "aws::s3::object", "AWS::S3::Object "} {
		if selDataResourceType(typ) {
			t.Errorf("%q is taken for a data resource type", typ)
		}
	}
}

func TestDefaultSelectors(t *testing.T) {
	d := DefaultSelectors()
	want := []AdvancedEventSelector{{Name: "Default management events",
		FieldSelectors: []FieldSelector{{Field: "eventCategory", Equals: []string{"Management"}}}}}
	if !reflect.DeepEqual(d, want) {
		t.Fatalf("DefaultSelectors = %+v", d)
	}
	if err := ValidateSelectors(d); err != nil {
		t.Fatal(err)
	}
	if !Match(d, &Event{EventCategory: "Management", EventName: "CreateTrail"}) {
		t.Error("default selectors drop a management event")
	}
	for _, c := range []string{"Data", "NetworkActivity", "Insight", ""} {
		if Match(d, &Event{EventCategory: c, EventName: "GetObject"}) {
			t.Errorf("default selectors keep a %q event", c)
		}
	}
	d[0].FieldSelectors[0].Equals[0] = "Data"
	if DefaultSelectors()[0].FieldSelectors[0].Equals[0] != "Management" {
		t.Error("DefaultSelectors shares state between calls")
	}
}

func TestParseSelectorsCLIExample(t *testing.T) {
	sels, err := ParseSelectors([]byte(selCLIExample))
	if err != nil {
		t.Fatal(err)
	}
	want := []AdvancedEventSelector{{Name: "Log all S3 data events", FieldSelectors: []FieldSelector{
		{Field: "eventCategory", Equals: []string{"Data"}},
		{Field: "resources.type", Equals: []string{"AWS::S3::Object"}},
	}}}
	if !reflect.DeepEqual(sels, want) {
		t.Fatalf("ParseSelectors = %+v", sels)
	}
	out, err := json.Marshal(sels)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != selCLIExample {
		t.Errorf("marshal =\n%s\nwant\n%s", out, selCLIExample)
	}
}

func TestParseSelectorsRoundTrip(t *testing.T) {
	for i, in := range validSelectorJSON {
		sels, err := ParseSelectors([]byte(in))
		if err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		out, err := json.Marshal(sels)
		if err != nil {
			t.Fatal(err)
		}
		again, err := ParseSelectors(out)
		if err != nil {
			t.Fatalf("%d: re-parse %s: %v", i, out, err)
		}
		if !reflect.DeepEqual(sels, again) {
			t.Errorf("%d: round trip changed %+v to %+v", i, sels, again)
		}
	}
}

func TestParseSelectorsJSON(t *testing.T) {
	tests := []struct {
		name, in string
		want     string // "" = valid
	}{
		{"whitespace and null operators", " [ {\"Name\": null, \"FieldSelectors\": [{\"Field\": \"eventCategory\", \"Equals\": [\"Management\"], \"NotEquals\": null}]} ]\n", ""},
		{"not JSON", `[{`, "selectors must be a JSON array of selectors"},
		{"empty input", ``, "selectors must be a JSON array of selectors"},
		{"object, not array", `{"AdvancedEventSelectors":[]}`, "selectors must be a JSON array of selectors"},
		{"trailing data", selCLIExample + `]`, "selectors must be a JSON array of selectors"},
		{"null", `null`, "at least one advanced event selector is required"},
		{"empty array", `[]`, "at least one advanced event selector is required"},
		{"null selector", `[null]`, "selector 0: at least one field selector is required"},
		{"selector not an object", `["x"]`, "selector 0: json"},
		{"lower-case key", `[{"FieldSelectors":[{"field":"eventCategory","Equals":["Management"]}]}]`,
			`selector 0: field selector 0: unknown key "field", must be one of: Field, Equals`},
		{"unknown selector key", `[{"Nme":"x","FieldSelectors":[]}]`, `selector 0: unknown key "Nme", must be one of: Name, FieldSelectors`},
		{"value not a list", `[{"FieldSelectors":[{"Field":"eventCategory","Equals":"Management"}]}]`, "selector 0: field selector 0: key Equals: json"},
		{"number value", `[{"FieldSelectors":[{"Field":"eventCategory","Equals":[1]}]}]`, "key Equals"},
		{"name not a string", `[{"Name":5,"FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]}]`, "selector 0: key Name"},
		{"empty operator list", `[{"FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]},{"Field":"eventName","Equals":[]}]}]`,
			`field "eventName": Equals has no values`},
		{"validation runs", `[{"Name":"Log S3","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]},{"Field":"foo","Equals":["x"]}]}]`,
			`selector 0 ("Log S3"): field "foo" is not valid for Management events`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sels, err := ParseSelectors([]byte(tt.in))
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil {
				t.Fatalf("ParseSelectors = %+v, want error containing %q", sels, tt.want)
			}
			if sels != nil {
				t.Errorf("ParseSelectors returned %+v with an error", sels)
			}
			if !errors.Is(err, ErrInvalidSelectors) {
				t.Errorf("error %v does not wrap ErrInvalidSelectors", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q\n does not contain %q", err, tt.want)
			}
		})
	}
}

// Test events.
var (
	selEvMgmt = &Event{EventCategory: "Management", EventSource: "s3.amazonaws.com", EventName: "CreateBucket",
		EventType: "AwsApiCall", ReadOnly: Bool(false), SessionCredentialFromConsole: "true",
		UserIdentity: &UserIdentity{ARN: "arn:aws:iam::111122223333:user/alice"}}
	selEvData = &Event{EventCategory: "Data", EventSource: "s3.amazonaws.com", EventName: "GetObject",
		EventType: "AwsApiCall", ReadOnly: Bool(true),
		Resources: []Resource{
			{Type: "AWS::S3::Object", ARN: "arn:aws:s3:::amzn-s3-demo-bucket/logs/a.txt"},
			{Type: "AWS::S3::Bucket", ARN: "arn:aws:s3:::amzn-s3-demo-bucket"},
		}}
	selEvNet = &Event{EventCategory: "NetworkActivity", EventSource: "kms.amazonaws.com", EventName: "Decrypt",
		EventType: "AwsVpceEvent", ErrorCode: "VpceAccessDenied", VpcEndpointID: "vpce-0123"}
	selEvBare = &Event{EventCategory: "Management", EventName: "ConsoleLogin"} // no readOnly, identity, resources
)

func TestMatchSelectors(t *testing.T) {
	tests := []struct {
		name string
		sels []AdvancedEventSelector
		ev   *Event
		want bool
	}{
		// eventCategory.
		{"category equal", []AdvancedEventSelector{tMgmt()}, selEvMgmt, true},
		{"category differs", []AdvancedEventSelector{tMgmt()}, selEvData, false},
		{"category case-sensitive", []AdvancedEventSelector{tSel("", tCat("management"))}, selEvMgmt, false},
		// Each operator on a scalar field, hit and miss.
		{"Equals hit", []AdvancedEventSelector{tMgmt(tFieldSel("eventName", selEquals, "CreateBucket"))}, selEvMgmt, true},
		{"Equals miss", []AdvancedEventSelector{tMgmt(tFieldSel("eventName", selEquals, "Create"))}, selEvMgmt, false},
		{"Equals any value", []AdvancedEventSelector{tMgmt(tFieldSel("eventName", selEquals, "DeleteBucket", "CreateBucket"))}, selEvMgmt, true},
		{"StartsWith hit", []AdvancedEventSelector{tMgmt(tFieldSel("eventName", selStartsWith, "Create"))}, selEvMgmt, true},
		{"StartsWith miss", []AdvancedEventSelector{tMgmt(tFieldSel("eventName", selStartsWith, "Bucket"))}, selEvMgmt, false},
		{"StartsWith any value", []AdvancedEventSelector{tMgmt(tFieldSel("eventName", selStartsWith, "Delete", "Create"))}, selEvMgmt, true},
		{"EndsWith hit", []AdvancedEventSelector{tMgmt(tFieldSel("eventName", selEndsWith, "Bucket"))}, selEvMgmt, true},
		{"EndsWith miss", []AdvancedEventSelector{tMgmt(tFieldSel("eventName", selEndsWith, "Create"))}, selEvMgmt, false},
		{"NotEquals hit", []AdvancedEventSelector{tMgmt(tFieldSel("eventName", selNotEquals, "DeleteBucket"))}, selEvMgmt, true},
		{"NotEquals miss", []AdvancedEventSelector{tMgmt(tFieldSel("eventName", selNotEquals, "CreateBucket"))}, selEvMgmt, false},
		{"NotEquals none of the values", []AdvancedEventSelector{tMgmt(tFieldSel("eventName", selNotEquals, "DeleteBucket", "CreateBucket"))}, selEvMgmt, false},
		{"NotStartsWith hit", []AdvancedEventSelector{tMgmt(tFieldSel("eventName", selNotStartsWith, "Delete"))}, selEvMgmt, true},
		{"NotStartsWith miss", []AdvancedEventSelector{tMgmt(tFieldSel("eventName", selNotStartsWith, "Delete", "Create"))}, selEvMgmt, false},
		{"NotEndsWith hit", []AdvancedEventSelector{tMgmt(tFieldSel("eventName", selNotEndsWith, "Object"))}, selEvMgmt, true},
		{"NotEndsWith miss", []AdvancedEventSelector{tMgmt(tFieldSel("eventName", selNotEndsWith, "Bucket"))}, selEvMgmt, false},
		{"values are case-sensitive", []AdvancedEventSelector{tMgmt(tFieldSel("eventName", selEquals, "createbucket"))}, selEvMgmt, false},
		{"wildcard is literal", []AdvancedEventSelector{tMgmt(tFieldSel("eventName", selStartsWith, "Create*"))}, selEvMgmt, false},
		// Every field.
		{"eventSource", []AdvancedEventSelector{tMgmt(tFieldSel("eventSource", selEquals, "s3.amazonaws.com"))}, selEvMgmt, true},
		{"eventType", []AdvancedEventSelector{tMgmt(tFieldSel("eventType", selNotEquals, "AwsApiCall"))}, selEvMgmt, false},
		{"readOnly false", []AdvancedEventSelector{tMgmt(tFieldSel("readOnly", selEquals, "false"))}, selEvMgmt, true},
		{"readOnly true", []AdvancedEventSelector{tMgmt(tFieldSel("readOnly", selEquals, "true"))}, selEvMgmt, false},
		{"readOnly both", []AdvancedEventSelector{tMgmt(tFieldSel("readOnly", selEquals, "true", "false"))}, selEvMgmt, true},
		{"absent readOnly is not true", []AdvancedEventSelector{tMgmt(tFieldSel("readOnly", selEquals, "true"))}, selEvBare, false},
		{"absent readOnly is not false", []AdvancedEventSelector{tMgmt(tFieldSel("readOnly", selEquals, "false"))}, selEvBare, false},
		{"sessionCredentialFromConsole", []AdvancedEventSelector{tMgmt(tFieldSel("sessionCredentialFromConsole", selEquals, "true"))}, selEvMgmt, true},
		{"absent sessionCredentialFromConsole passes NotEquals", []AdvancedEventSelector{tMgmt(tFieldSel("sessionCredentialFromConsole", selNotEquals, "true"))}, selEvBare, true},
		{"userIdentity.arn", []AdvancedEventSelector{tMgmt(tFieldSel("userIdentity.arn", selEndsWith, ":user/alice"))}, selEvMgmt, true},
		{"nil userIdentity fails StartsWith", []AdvancedEventSelector{tMgmt(tFieldSel("userIdentity.arn", selStartsWith, "arn:"))}, selEvBare, false},
		{"nil userIdentity passes NotStartsWith", []AdvancedEventSelector{tMgmt(tFieldSel("userIdentity.arn", selNotStartsWith, "arn:"))}, selEvBare, true},
		{"errorCode", []AdvancedEventSelector{tNetAct(tFieldSel("errorCode", selEquals, "VpceAccessDenied"))}, selEvNet, true},
		{"absent errorCode", []AdvancedEventSelector{tNetAct(tFieldSel("errorCode", selEquals, "VpceAccessDenied"))},
			&Event{EventCategory: "NetworkActivity", EventSource: "kms.amazonaws.com"}, false},
		{"vpcEndpointId", []AdvancedEventSelector{tNetAct(tFieldSel("vpcEndpointId", selStartsWith, "vpce-"))}, selEvNet, true},
		{"network eventSource", []AdvancedEventSelector{tSel("", tCat("NetworkActivity"), tFieldSel("eventSource", selEquals, "ec2.amazonaws.com"))}, selEvNet, false},
		// Resources: ANY resource for positive operators; resources present and NONE for Not.
		{"resources.type any", []AdvancedEventSelector{tS3Data()}, selEvData, true},
		{"resources.type second resource", []AdvancedEventSelector{tSel("", tCat("Data"), tFieldSel("resources.type", selEquals, "AWS::S3::Bucket"))}, selEvData, true},
		{"resources.type miss", []AdvancedEventSelector{tSel("", tCat("Data"), tFieldSel("resources.type", selEquals, "AWS::Lambda::Function"))}, selEvData, false},
		{"resources.ARN StartsWith", []AdvancedEventSelector{tS3Data(tFieldSel("resources.ARN", selStartsWith, "arn:aws:s3:::amzn-s3-demo-bucket/"))}, selEvData, true},
		{"resources.ARN Equals", []AdvancedEventSelector{tS3Data(tFieldSel("resources.ARN", selEquals, "arn:aws:s3:::amzn-s3-demo-bucket"))}, selEvData, true},
		{"resources.ARN EndsWith miss", []AdvancedEventSelector{tS3Data(tFieldSel("resources.ARN", selEndsWith, ".json"))}, selEvData, false},
		{"resources.ARN NotStartsWith, no resource matches", []AdvancedEventSelector{tS3Data(tFieldSel("resources.ARN", selNotStartsWith, "arn:aws:s3:::other/"))}, selEvData, true},
		{"resources.ARN NotStartsWith, one resource matches", []AdvancedEventSelector{tS3Data(tFieldSel("resources.ARN", selNotStartsWith, "arn:aws:s3:::amzn-s3-demo-bucket/"))}, selEvData, false},
		{"resources.ARN NotEquals, one resource matches", []AdvancedEventSelector{tS3Data(tFieldSel("resources.ARN", selNotEquals, "arn:aws:s3:::amzn-s3-demo-bucket"))}, selEvData, false},
		{"resources.ARN NotEndsWith, none matches", []AdvancedEventSelector{tS3Data(tFieldSel("resources.ARN", selNotEndsWith, ".tmp"))}, selEvData, true},
		{"no resources fail Not", []AdvancedEventSelector{tSel("", tCat("Data"), tFieldSel("resources.ARN", selNotStartsWith, "arn:"))},
			&Event{EventCategory: "Data"}, false},
		{"no resources fail Equals", []AdvancedEventSelector{tS3Data()}, &Event{EventCategory: "Data", Resources: []Resource{}}, false},
		// Combinations.
		{"all conditions hold", []AdvancedEventSelector{tS3Data(tFieldSel("readOnly", selEquals, "true"), tFieldSel("eventName", selEquals, "GetObject"))}, selEvData, true},
		{"one condition fails", []AdvancedEventSelector{tS3Data(tFieldSel("readOnly", selEquals, "false"), tFieldSel("eventName", selEquals, "GetObject"))}, selEvData, false},
		{"operators of one field are ANDed, hold", []AdvancedEventSelector{tMgmt(FieldSelector{Field: "eventName",
			StartsWith: []string{"Create"}, NotEquals: []string{"CreateTags"}})}, selEvMgmt, true},
		{"operators of one field are ANDed, fail", []AdvancedEventSelector{tMgmt(FieldSelector{Field: "eventName",
			StartsWith: []string{"Create"}, NotEquals: []string{"CreateBucket"}})}, selEvMgmt, false},
		{"any selector", []AdvancedEventSelector{tMgmt(tFieldSel("eventName", selEquals, "X")), tS3Data()}, selEvData, true},
		{"no selector", []AdvancedEventSelector{tMgmt(tFieldSel("eventName", selEquals, "X")), tS3Data()}, selEvMgmt, false},
		{"mixed store keeps management", []AdvancedEventSelector{tMgmt(), tS3Data(), tNetAct()}, selEvMgmt, true},
		{"mixed store keeps network", []AdvancedEventSelector{tMgmt(), tS3Data(), tNetAct()}, selEvNet, true},
		// Degenerate input (not valid, but Match must be defined).
		{"nil selectors keep nothing", nil, selEvMgmt, false},
		{"empty selector matches nothing", []AdvancedEventSelector{tSel("")}, selEvMgmt, false},
		{"unknown field never holds", []AdvancedEventSelector{tMgmt(tFieldSel("foo", selNotEquals, "x"))}, selEvMgmt, false},
		{"nil event", []AdvancedEventSelector{tMgmt()}, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Match(tt.sels, tt.ev); got != tt.want {
				t.Errorf("Match = %v, want %v", got, tt.want)
			}
			if got := CompileSelectors(tt.sels).Match(tt.ev); got != tt.want {
				t.Errorf("Selectors.Match = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCompileSelectorsCopies(t *testing.T) {
	sels := []AdvancedEventSelector{tMgmt(tFieldSel("eventName", selEquals, "CreateBucket"))}
	c := CompileSelectors(sels)
	sels[0].FieldSelectors[1].Equals[0] = "Other"
	sels[0].FieldSelectors[0].Field = "eventSource"
	if !c.Match(selEvMgmt) {
		t.Error("compiled selectors changed with their source")
	}
	var nilSel *Selectors
	if nilSel.Match(selEvMgmt) {
		t.Error("nil *Selectors keeps an event")
	}
}

func TestSelectorsMatchDoesNotAllocate(t *testing.T) {
	sels, err := ParseSelectors([]byte(validSelectorJSON[3]))
	if err != nil {
		t.Fatal(err)
	}
	c := CompileSelectors(sels)
	for _, ev := range []*Event{selEvMgmt, selEvData, selEvNet, selEvBare} {
		if n := testing.AllocsPerRun(100, func() { Match(sels, ev) }); n != 0 {
			t.Errorf("Match allocates %v times", n)
		}
		if n := testing.AllocsPerRun(100, func() { c.Match(ev) }); n != 0 {
			t.Errorf("Selectors.Match allocates %v times", n)
		}
	}
}

func BenchmarkMatchSelectors(b *testing.B) {
	complexSels, err := ParseSelectors([]byte(validSelectorJSON[3]))
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		sels []AdvancedEventSelector
		ev   *Event
	}{
		{"default/management", DefaultSelectors(), selEvMgmt},
		{"default/data", DefaultSelectors(), selEvData},
		{"four-selectors/data", complexSels, selEvData},
		{"four-selectors/network", complexSels, selEvNet},
	} {
		b.Run(bc.name+"/slice", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Match(bc.sels, bc.ev)
			}
		})
		c := CompileSelectors(bc.sels)
		b.Run(bc.name+"/compiled", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				c.Match(bc.ev)
			}
		})
	}
}
