package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/ctlake/ctlake/store"
	"github.com/ctlake/ctlake/testdata/gen"
	"github.com/valyala/fastjson"
)

// refParser is the event parser ctlake used before Parser read records in one pass: the same
// field rules over a fastjson tree. event_ref_test.go checks that both give the same Events
// and the same errors.

// Parser turns raw records into store.Events. It is not safe for concurrent use (it holds a
// fastjson.Parser and scratch buffers): make one per goroutine. Reusing one Parser for many
// records is what makes it fast.
//
// Memory: all the strings of one Event (EventJSON included) share one allocation of about
// 1.75 times the record's size, so keeping any of them keeps all of them.
type refParser struct {
	fj      fastjson.Parser
	arena   strings.Builder // the strings of the event being parsed; see keep
	scratch []byte
	maps    [numMaps]*fastjson.Object
}

func newRefParser() *refParser { return &refParser{} }

// Parse turns one record (a JSON object, surrounding whitespace allowed) into an Event.
//
// eventTime is required: an RFC 3339 string (offsets converted to UTC) or "YYYY-MM-DD
// HH:MM:SS[.fraction]" taken as UTC. Typed fields must have their JSON type or be null; unknown
// fields are ignored (they stay in EventJSON). A missing eventID is derived from the record's
// SHA-256, a missing eventCategory from eventType and managementEvent. The error names the
// field and wraps ErrBadRecord and one of ErrMissingField, ErrInvalidField, ErrWrongType; a
// record that is not a JSON object (or not valid UTF-8) wraps ErrBadRecord only.
//
// The Event does not refer to raw or to the Parser: it stays valid after the next Parse.
func (p *refParser) Parse(raw []byte) (store.Event, error) {
	var ev store.Event
	raw = trimSpace(raw)
	if len(raw) == 0 {
		return ev, fmt.Errorf("%w: empty record", ErrBadRecord)
	}
	if !utf8.Valid(raw) {
		return ev, fmt.Errorf("%w: not valid UTF-8", ErrBadRecord)
	}
	root, err := p.fj.ParseBytes(raw)
	if err != nil {
		return ev, fmt.Errorf("%w: %v", ErrBadRecord, err)
	}
	obj, err := root.Object()
	if err != nil {
		return ev, fmt.Errorf("%w: not a JSON object but %s", ErrBadRecord, refTypeName(root))
	}

	// A fresh arena per event: the strings of earlier events keep the old one.
	p.arena.Reset()
	p.arena.Grow(len(raw) + len(raw)*3/4 + 128)
	ev.EventJSON = p.keep(raw)
	sum := sha256.Sum256(raw)
	var hx [2 * sha256.Size]byte
	hex.Encode(hx[:], sum[:])
	ev.EventJSONChecksum = p.keep(hx[:])

	p.maps = [numMaps]*fastjson.Object{}
	haveTime := false
	obj.Visit(func(k []byte, v *fastjson.Value) {
		if err != nil {
			return
		}
		switch string(k) {
		case "eventTime":
			var ok bool
			if ok, err = p.eventTime(&ev, v); ok {
				haveTime = true
			}
		case "eventVersion":
			ev.EventVersion, err = p.str("eventVersion", v)
		case "userIdentity":
			ev.UserIdentity, err = p.userIdentity(v)
		case "eventSource":
			ev.EventSource, err = p.str("eventSource", v)
		case "eventName":
			ev.EventName, err = p.str("eventName", v)
		case "awsRegion":
			ev.AwsRegion, err = p.str("awsRegion", v)
		case "sourceIPAddress":
			ev.SourceIPAddress, err = p.str("sourceIPAddress", v)
		case "userAgent":
			ev.UserAgent, err = p.str("userAgent", v)
		case "errorCode":
			ev.ErrorCode, err = p.str("errorCode", v)
		case "errorMessage":
			ev.ErrorMessage, err = p.str("errorMessage", v)
		case "requestID":
			ev.RequestID, err = p.str("requestID", v)
		case "eventID":
			ev.EventID, err = p.str("eventID", v)
		case "eventType":
			ev.EventType, err = p.str("eventType", v)
		case "apiVersion":
			ev.APIVersion, err = p.str("apiVersion", v)
		case "recipientAccountId":
			ev.RecipientAccountID, err = p.str("recipientAccountId", v)
		case "sharedEventID":
			ev.SharedEventID, err = p.str("sharedEventID", v)
		case "annotation":
			ev.Annotation, err = p.str("annotation", v)
		case "vpcEndpointId":
			ev.VpcEndpointID, err = p.str("vpcEndpointId", v)
		case "vpcEndpointAccountId":
			ev.VpcEndpointAccountID, err = p.str("vpcEndpointAccountId", v)
		case "eventCategory":
			ev.EventCategory, err = p.str("eventCategory", v)
		case "sessionCredentialFromConsole":
			// "true" in CloudTrail; some producers write a JSON boolean: keep its text.
			ev.SessionCredentialFromConsole, err = p.strOrBool("sessionCredentialFromConsole", v)
		case "readOnly":
			ev.ReadOnly, err = refOptBool("readOnly", v)
		case "managementEvent":
			ev.ManagementEvent, err = refOptBool("managementEvent", v)
		case "resources":
			ev.Resources, err = p.resources(v)
		case "tlsDetails":
			ev.TLSDetails, err = p.tlsDetails(v)
		case "requestParameters":
			p.maps[mapRequestParameters], err = refObjectOrNull("requestParameters", v)
		case "responseElements":
			p.maps[mapResponseElements], err = refObjectOrNull("responseElements", v)
		case "additionalEventData":
			p.maps[mapAdditionalEventData], err = refObjectOrNull("additionalEventData", v)
		case "serviceEventDetails":
			p.maps[mapServiceEventDetails], err = refObjectOrNull("serviceEventDetails", v)
		case "addendum":
			p.maps[mapAddendum], err = refObjectOrNull("addendum", v)
		case "edgeDeviceDetails":
			p.maps[mapEdgeDeviceDetails], err = refObjectOrNull("edgeDeviceDetails", v)
		case "insightDetails":
			p.maps[mapInsightDetails], err = refObjectOrNull("insightDetails", v)
		}
	})
	if err != nil {
		return store.Event{}, err
	}
	if !haveTime {
		return store.Event{}, missingField("eventTime")
	}
	p.fillMaps(&ev)
	if ev.EventID == "" {
		id := derivedID(&sum)
		ev.EventID = p.keep(id[:])
	}
	if ev.EventCategory == "" {
		ev.EventCategory = inferCategory(&ev)
	}
	return ev, nil
}

// keep copies b into the event's arena and returns it as a string. The arena is a
// strings.Builder: bytes once written are never modified, so the strings share its memory.
func (p *refParser) keep(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	n := p.arena.Len()
	p.arena.Write(b)
	return p.arena.String()[n:]
}

func (p *refParser) eventTime(ev *store.Event, v *fastjson.Value) (bool, error) {
	switch v.Type() {
	case fastjson.TypeString:
		b, _ := v.StringBytes()
		t, ok := parseTime(string(b))
		if !ok {
			return false, invalidField("eventTime", b)
		}
		ev.EventTime = t
		return true, nil
	case fastjson.TypeNull:
		return false, nil // as if absent
	}
	return false, wrongType("eventTime", "string", refTypeName(v))
}

// str reads a string column: a JSON string, or null for "".
func (p *refParser) str(path string, v *fastjson.Value) (string, error) {
	switch v.Type() {
	case fastjson.TypeString:
		b, _ := v.StringBytes()
		return p.keep(b), nil
	case fastjson.TypeNull:
		return "", nil
	}
	return "", wrongType(path, "string", refTypeName(v))
}

// strOrBool is str that also takes a JSON boolean, as its text.
func (p *refParser) strOrBool(path string, v *fastjson.Value) (string, error) {
	switch v.Type() {
	case fastjson.TypeTrue:
		return "true", nil
	case fastjson.TypeFalse:
		return "false", nil
	}
	return p.str(path, v)
}

func refOptBool(path string, v *fastjson.Value) (store.OptBool, error) {
	switch v.Type() {
	case fastjson.TypeTrue:
		return store.Bool(true), nil
	case fastjson.TypeFalse:
		return store.Bool(false), nil
	case fastjson.TypeNull:
		return store.OptBool{}, nil
	}
	return store.OptBool{}, wrongType(path, "boolean", refTypeName(v))
}

// objectOrNull returns v's object, nil for null, or a wrong-type error.
func refObjectOrNull(path string, v *fastjson.Value) (*fastjson.Object, error) {
	switch v.Type() {
	case fastjson.TypeObject:
		return v.Object()
	case fastjson.TypeNull:
		return nil, nil
	}
	return nil, wrongType(path, "object", refTypeName(v))
}

func (p *refParser) userIdentity(v *fastjson.Value) (*store.UserIdentity, error) {
	o, err := refObjectOrNull("userIdentity", v)
	if o == nil {
		return nil, err
	}
	id := new(identityBlock)
	ui := &id.ui
	o.Visit(func(k []byte, v *fastjson.Value) {
		if err != nil {
			return
		}
		switch string(k) {
		case "type":
			ui.Type, err = p.str("userIdentity.type", v)
		case "principalId":
			ui.PrincipalID, err = p.str("userIdentity.principalId", v)
		case "arn":
			ui.ARN, err = p.str("userIdentity.arn", v)
		case "accountId":
			ui.AccountID, err = p.str("userIdentity.accountId", v)
		case "accessKeyId":
			ui.AccessKeyID, err = p.str("userIdentity.accessKeyId", v)
		case "userName":
			ui.UserName, err = p.str("userIdentity.userName", v)
		case "invokedBy":
			ui.InvokedBy, err = p.str("userIdentity.invokedBy", v)
		case "identityProvider":
			ui.IdentityProvider, err = p.str("userIdentity.identityProvider", v)
		case "credentialId":
			ui.CredentialID, err = p.str("userIdentity.credentialId", v)
		case "sessionContext":
			ui.SessionContext, err = p.sessionContext(id, v)
		case "onBehalfOf":
			var ob *fastjson.Object
			if ob, err = refObjectOrNull("userIdentity.onBehalfOf", v); ob != nil {
				ui.OnBehalfOf = &id.ob
				ob.Visit(func(k []byte, v *fastjson.Value) {
					if err != nil {
						return
					}
					switch string(k) {
					case "userId":
						id.ob.UserID, err = p.str("userIdentity.onBehalfOf.userId", v)
					case "identityStoreArn":
						id.ob.IdentityStoreArn, err = p.str("userIdentity.onBehalfOf.identityStoreArn", v)
					}
				})
			}
		}
	})
	if err != nil {
		return nil, err
	}
	return ui, nil
}

func (p *refParser) sessionContext(id *identityBlock, v *fastjson.Value) (*store.SessionContext, error) {
	o, err := refObjectOrNull("userIdentity.sessionContext", v)
	if o == nil {
		return nil, err
	}
	sc := &id.sc
	o.Visit(func(k []byte, v *fastjson.Value) {
		if err != nil {
			return
		}
		switch string(k) {
		case "attributes":
			var a *fastjson.Object
			if a, err = refObjectOrNull("userIdentity.sessionContext.attributes", v); a != nil {
				sc.Attributes = &id.at
				err = p.sessionAttributes(&id.at, a)
			}
		case "sessionIssuer":
			var s *fastjson.Object
			if s, err = refObjectOrNull("userIdentity.sessionContext.sessionIssuer", v); s != nil {
				sc.SessionIssuer = &id.si
				err = p.sessionIssuer(&id.si, s)
			}
		case "webIdFederationData":
			var w *fastjson.Object
			if w, err = refObjectOrNull("userIdentity.sessionContext.webIdFederationData", v); w != nil {
				sc.WebIDFederationData = &id.wf
				err = p.webIDFederationData(&id.wf, w)
			}
		case "sourceIdentity":
			sc.SourceIdentity, err = p.str("userIdentity.sessionContext.sourceIdentity", v)
		case "ec2RoleDelivery":
			sc.EC2RoleDelivery, err = p.str("userIdentity.sessionContext.ec2RoleDelivery", v)
		case "ec2IssuedInVpc":
			sc.EC2IssuedInVpc, err = p.str("userIdentity.sessionContext.ec2IssuedInVpc", v)
		}
	})
	return sc, err
}

func (p *refParser) sessionAttributes(at *store.SessionAttributes, o *fastjson.Object) (err error) {
	const cd = "userIdentity.sessionContext.attributes.creationDate"
	o.Visit(func(k []byte, v *fastjson.Value) {
		if err != nil {
			return
		}
		switch string(k) {
		case "creationDate":
			switch v.Type() {
			case fastjson.TypeString:
				b, _ := v.StringBytes()
				if len(b) == 0 {
					break
				}
				t, ok := parseTime(string(b))
				if !ok {
					err = invalidField(cd, b)
				}
				at.CreationDate = t
			case fastjson.TypeNull:
			default:
				err = wrongType(cd, "string", refTypeName(v))
			}
		case "mfaAuthenticated":
			// A string ("true"/"false") in CloudTrail; some producers write a JSON boolean.
			at.MFAAuthenticated, err = p.strOrBool("userIdentity.sessionContext.attributes.mfaAuthenticated", v)
		}
	})
	return err
}

func (p *refParser) sessionIssuer(si *store.SessionIssuer, o *fastjson.Object) (err error) {
	o.Visit(func(k []byte, v *fastjson.Value) {
		if err != nil {
			return
		}
		switch string(k) {
		case "type":
			si.Type, err = p.str("userIdentity.sessionContext.sessionIssuer.type", v)
		case "principalId":
			si.PrincipalID, err = p.str("userIdentity.sessionContext.sessionIssuer.principalId", v)
		case "arn":
			si.ARN, err = p.str("userIdentity.sessionContext.sessionIssuer.arn", v)
		case "accountId":
			si.AccountID, err = p.str("userIdentity.sessionContext.sessionIssuer.accountId", v)
		case "userName":
			si.UserName, err = p.str("userIdentity.sessionContext.sessionIssuer.userName", v)
		}
	})
	return err
}

func (p *refParser) webIDFederationData(wf *store.WebIDFederationData, o *fastjson.Object) (err error) {
	const path = "userIdentity.sessionContext.webIdFederationData"
	o.Visit(func(k []byte, v *fastjson.Value) {
		if err != nil {
			return
		}
		switch string(k) {
		case "federatedProvider":
			wf.FederatedProvider, err = p.str(path+".federatedProvider", v)
		case "attributes":
			var a *fastjson.Object
			if a, err = refObjectOrNull(path+".attributes", v); a != nil {
				wf.Attributes = p.fillMap(a, make([]store.KV, a.Len()))
			}
		}
	})
	return err
}

func (p *refParser) resources(v *fastjson.Value) ([]store.Resource, error) {
	switch v.Type() {
	case fastjson.TypeNull:
		return nil, nil
	case fastjson.TypeArray:
	default:
		return nil, wrongType("resources", "array", refTypeName(v))
	}
	arr, _ := v.Array()
	out := make([]store.Resource, len(arr))
	for i, e := range arr {
		if e.Type() != fastjson.TypeObject {
			return nil, wrongType(fmt.Sprintf("resources[%d]", i), "object", refTypeName(e))
		}
		o, _ := e.Object()
		r := &out[i]
		var err error
		o.Visit(func(k []byte, v *fastjson.Value) {
			if err != nil {
				return
			}
			switch string(k) {
			case "accountId":
				r.AccountID, err = p.str("accountId", v)
			case "type":
				r.Type, err = p.str("type", v)
			case "ARN":
				r.ARN, err = p.str("ARN", v)
			case "arn":
				r.ARN, err = p.str("arn", v)
			case "arnPrefix":
				r.ARNPrefix, err = p.str("arnPrefix", v)
			}
		})
		if err != nil {
			if fe, ok := err.(*fieldError); ok {
				fe.path = fmt.Sprintf("resources[%d].%s", i, fe.path)
			}
			return nil, err
		}
	}
	return out, nil
}

func (p *refParser) tlsDetails(v *fastjson.Value) (*store.TLSDetails, error) {
	o, err := refObjectOrNull("tlsDetails", v)
	if o == nil {
		return nil, err
	}
	t := new(store.TLSDetails)
	o.Visit(func(k []byte, v *fastjson.Value) {
		if err != nil {
			return
		}
		switch string(k) {
		case "tlsVersion":
			t.TLSVersion, err = p.str("tlsDetails.tlsVersion", v)
		case "cipherSuite":
			t.CipherSuite, err = p.str("tlsDetails.cipherSuite", v)
		case "clientProvidedHostHeader":
			t.ClientProvidedHostHeader, err = p.str("tlsDetails.clientProvidedHostHeader", v)
		}
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// fillMaps converts the map columns found by Parse, with one allocation for all their entries.
func (p *refParser) fillMaps(ev *store.Event) {
	total := 0
	for _, o := range p.maps {
		if o != nil {
			total += o.Len()
		}
	}
	if total == 0 && p.maps == [numMaps]*fastjson.Object{} {
		return
	}
	slab := make([]store.KV, total)
	dst := [numMaps]*store.Map{
		mapRequestParameters:   &ev.RequestParameters,
		mapResponseElements:    &ev.ResponseElements,
		mapAdditionalEventData: &ev.AdditionalEventData,
		mapServiceEventDetails: &ev.ServiceEventDetails,
		mapAddendum:            &ev.Addendum,
		mapEdgeDeviceDetails:   &ev.EdgeDeviceDetails,
		mapInsightDetails:      &ev.InsightDetails,
	}
	for i, o := range p.maps {
		if o == nil {
			continue
		}
		m := p.fillMap(o, slab[:o.Len()])
		slab = slab[len(m):]
		*dst[i] = m
	}
}

// fillMap converts one JSON object into dst (len(dst) == o.Len()) and returns the entries used.
// Strings are kept unquoted, numbers and booleans as their JSON text, objects and arrays as
// compact JSON with strings exactly as in the source, null as Null. A repeated key keeps the
// last value at the first one's place (the writer's maps need unique keys).
func (p *refParser) fillMap(o *fastjson.Object, dst []store.KV) store.Map {
	n := 0
	o.Visit(func(k []byte, v *fastjson.Value) {
		kv := store.KV{Key: p.keep(k)}
		switch v.Type() {
		case fastjson.TypeString:
			b, _ := v.StringBytes()
			kv.Value = p.keep(b)
		case fastjson.TypeNull:
			kv.Null = true
		case fastjson.TypeTrue:
			kv.Value = "true"
		case fastjson.TypeFalse:
			kv.Value = "false"
		default:
			p.scratch = v.MarshalTo(p.scratch[:0])
			kv.Value = p.keep(p.scratch)
		}
		for j := range dst[:n] {
			if dst[j].Key == kv.Key {
				dst[j] = kv
				return
			}
		}
		dst[n] = kv
		n++
	})
	return store.Map(dst[:n:n])
}

func refTypeName(v *fastjson.Value) string {
	switch v.Type() {
	case fastjson.TypeTrue, fastjson.TypeFalse:
		return "boolean"
	default:
		return v.Type().String()
	}
}

// sameParse checks that Parser and refParser agree on raw: the same Event, or errors of the
// same kind; field errors also with the same message. (Syntax errors are worded differently:
// the validator's against fastjson's. Records nested more than 300 deep with a field error
// before the deep part get the field error where fastjson reported the depth first.)
func sameParse(t *testing.T, p *Parser, ref *refParser, raw []byte) {
	t.Helper()
	got, err := p.Parse(raw)
	want, refErr := ref.Parse(raw)
	if (err == nil) != (refErr == nil) {
		t.Fatalf("%q:\nParse error %v\nreference error %v", raw, err, refErr)
	}
	if err != nil {
		if errorType(err) != errorType(refErr) {
			t.Fatalf("%q:\nParse error %v (%s)\nreference error %v (%s)", raw, err, errorType(err), refErr, errorType(refErr))
		}
		var fe *fieldError
		if errors.As(refErr, &fe) && err.Error() != refErr.Error() {
			t.Fatalf("%q:\nParse error %v\nreference error %v", raw, err, refErr)
		}
		return
	}
	if g, w := dumpEvent(got), dumpEvent(want); g != w {
		t.Fatalf("%q:\ngot  %s\nwant %s", raw, g, w)
	}
	if (got.AdditionalEventData == nil) != (want.AdditionalEventData == nil) || (got.Resources == nil) != (want.Resources == nil) {
		t.Fatalf("%q: empty and NULL differ", raw)
	}
}

// refCorpus is the records both parsers are compared on: the parse tests' records, the
// decode fixtures' and generated trail events.
func refCorpus(t testing.TB) [][]byte {
	out := [][]byte{[]byte(fullEvent)}
	for i := range 50 {
		out = append(out, sampleEvent(i))
	}
	for _, b := range decodeFixtures(t) {
		_ = Decode(context.Background(), "fixture", bytes.NewReader(b), func(r Record) error {
			out = append(out, bytes.Clone(r.Raw))
			return nil
		}, func(RecordError) {})
	}
	dir := t.TempDir()
	start := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	if _, err := gen.Generate(context.Background(), gen.Config{Events: 3000, Seed: 7, Start: start, Days: 1}, dir); err != nil {
		t.Fatal(err)
	}
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		return Decode(context.Background(), path, f, func(r Record) error {
			out = append(out, bytes.Clone(r.Raw))
			return nil
		}, nil)
	})
	return out
}

// refEdgeCases exercise what the corpus has little of: escapes, surrogates, duplicates,
// whitespace inside map values, wrong types, nulls and deep nesting.
var refEdgeCases = []string{
	`{"eventTime":"2019-01-01T00:00:00Z","requestParameters":{"a\u0062":"\ud83d\ude00","b":"\ud800","c":"\udc00\u0041","d":"\ud800\ud800"}}`,
	`{"eventTime":"2019-01-01T00:00:00Z","requestParameters":{"o":{ "k" : [ 1 , "a b" , {"\u0041":null} ] },"n":-0.5E+3,"e":""}}`,
	`{"eventTime":"2019-01-01T00:00:00Z","requestParameters":{"a":1},"requestParameters":null,"responseElements":{},"responseElements":{"x":"y","x":"z"}}`,
	`{"event\u0054ime":"2019-01-01T00:00:00Z","eventName":"a\"b\\c\/d\b\f\n\r\t"}`,
	`{"eventTime":"2019-01-01T00:00:00Z","eventTime":null}`,
	`{"eventTime":null,"eventTime":"2019-01-01T00:00:00Z"}`,
	`{"eventTime":"2019-01-01T00:00:00Z","userIdentity":{"sessionContext":{"sourceIdentity":"a"},"sessionContext":{"ec2RoleDelivery":"b"}}}`,
	`{"eventTime":"2019-01-01T00:00:00Z","userIdentity":{"onBehalfOf":{"userId":"u"},"onBehalfOf":null,"sessionContext":{"attributes":{"creationDate":"2019-01-01T00:00:00Z"},"attributes":{"creationDate":""}}}}`,
	`{"eventTime":"2019-01-01T00:00:00Z","userIdentity":{"sessionContext":{"webIdFederationData":{"attributes":{"a":1},"attributes":null}}}}`,
	`{"eventTime":"2019-01-01T00:00:00Z","userIdentity":{"sessionContext":{"webIdFederationData":{"attributes":{}}}},"tlsDetails":{}}`,
	`{"eventTime":"2019-01-01T00:00:00Z","resources":[{"ARN":"a","arn":"b","x":[{}]},{}],"readOnly":false,"managementEvent":null}`,
	`{"eventTime":"2019-01-01T00:00:00Z","resources":[{"type":"t"},[]]}`,
	`{"eventTime":"2019-01-01T00:00:00Z","sessionCredentialFromConsole":false,"userIdentity":{"sessionContext":{"attributes":{"mfaAuthenticated":true}}}}`,
	`{"eventTime":"2019-01-01T00:00:00+0130","eventID":null,"eventCategory":null,"eventType":"AwsApiCall","managementEvent":false}`,
	`{"eventTime":"2019-01-01T00:00:00Z","unknown":` + strings.Repeat("[", 299) + strings.Repeat("]", 299) + `}`,
	`{"eventTime":"2019-01-01T00:00:00Z","unknown":` + strings.Repeat("[", 300) + strings.Repeat("]", 300) + `}`,
	`{"eventTime":"2019-01-01T00:00:00Z","requestParameters":{"a":` + strings.Repeat(`{"a":`, 298) + `1` + strings.Repeat("}", 298) + `}}`,
	`{"eventTime":"2019-01-01T00:00:00Z","requestParameters":{"a":` + strings.Repeat(`{"a":`, 297) + `1` + strings.Repeat("}", 297) + `}}`,
	"\n {\"eventTime\" : \"2019-01-01T00:00:00Z\" ,\r\n\t\"awsRegion\":\"x\" } \n",
	`{"eventTime":"2019-01-01T00:00:00Z","x":"\u00e9"}`,
	`[{"eventTime":"2019-01-01T00:00:00Z"}]`, `"x"`, `12`, `true`, `null`, `{}`,
}

func TestParseMatchesReference(t *testing.T) {
	p, ref := NewParser(), newRefParser()
	corpus := refCorpus(t)
	for _, s := range refEdgeCases {
		corpus = append(corpus, []byte(s))
	}
	for _, raw := range corpus {
		sameParse(t, p, ref, raw)
	}
	if len(corpus) < 3000 {
		t.Fatalf("only %d records compared", len(corpus))
	}
}

func FuzzParseMatchesReference(f *testing.F) {
	for _, raw := range refCorpus(f)[:200] {
		f.Add(raw)
	}
	for _, s := range refEdgeCases {
		f.Add([]byte(s))
	}
	p, ref := NewParser(), newRefParser()
	f.Fuzz(func(t *testing.T, raw []byte) {
		// fastjson accepts some JSON that is not (+1, NaN, raw control characters): Parse
		// refuses it, as Decode always has before Parse saw a record; compare valid JSON only.
		if !json.Valid(raw) {
			return
		}
		sameParse(t, p, ref, raw)
	})
}
