package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ctlake/ctlake/store"
	"github.com/valyala/fastjson"
)

// Parser turns raw records into store.Events. It is not safe for concurrent use (it holds a
// fastjson.Parser and scratch buffers): make one per goroutine. Reusing one Parser for many
// records is what makes it fast.
//
// Memory: all the strings of one Event (EventJSON included) share one allocation of about
// 1.75 times the record's size, so keeping any of them keeps all of them.
type Parser struct {
	fj      fastjson.Parser
	arena   strings.Builder // the strings of the event being parsed; see keep
	scratch []byte
	maps    [numMaps]*fastjson.Object
}

// NewParser returns a Parser.
func NewParser() *Parser { return &Parser{} }

// The map<string,string> columns, in the order Parse fills them.
const (
	mapRequestParameters = iota
	mapResponseElements
	mapAdditionalEventData
	mapServiceEventDetails
	mapAddendum
	mapEdgeDeviceDetails
	mapInsightDetails
	numMaps
)

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
func (p *Parser) Parse(raw []byte) (store.Event, error) {
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
		return ev, fmt.Errorf("%w: not a JSON object but %s", ErrBadRecord, typeName(root))
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
			ev.ReadOnly, err = optBool("readOnly", v)
		case "managementEvent":
			ev.ManagementEvent, err = optBool("managementEvent", v)
		case "resources":
			ev.Resources, err = p.resources(v)
		case "tlsDetails":
			ev.TLSDetails, err = p.tlsDetails(v)
		case "requestParameters":
			p.maps[mapRequestParameters], err = objectOrNull("requestParameters", v)
		case "responseElements":
			p.maps[mapResponseElements], err = objectOrNull("responseElements", v)
		case "additionalEventData":
			p.maps[mapAdditionalEventData], err = objectOrNull("additionalEventData", v)
		case "serviceEventDetails":
			p.maps[mapServiceEventDetails], err = objectOrNull("serviceEventDetails", v)
		case "addendum":
			p.maps[mapAddendum], err = objectOrNull("addendum", v)
		case "edgeDeviceDetails":
			p.maps[mapEdgeDeviceDetails], err = objectOrNull("edgeDeviceDetails", v)
		case "insightDetails":
			p.maps[mapInsightDetails], err = objectOrNull("insightDetails", v)
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
func (p *Parser) keep(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	n := p.arena.Len()
	p.arena.Write(b)
	return p.arena.String()[n:]
}

func (p *Parser) eventTime(ev *store.Event, v *fastjson.Value) (bool, error) {
	switch v.Type() {
	case fastjson.TypeString:
		b, _ := v.StringBytes()
		t, ok := parseTime(b)
		if !ok {
			return false, invalidField("eventTime", b)
		}
		ev.EventTime = t
		return true, nil
	case fastjson.TypeNull:
		return false, nil // as if absent
	}
	return false, wrongType("eventTime", "string", typeName(v))
}

// str reads a string column: a JSON string, or null for "".
func (p *Parser) str(path string, v *fastjson.Value) (string, error) {
	switch v.Type() {
	case fastjson.TypeString:
		b, _ := v.StringBytes()
		return p.keep(b), nil
	case fastjson.TypeNull:
		return "", nil
	}
	return "", wrongType(path, "string", typeName(v))
}

// strOrBool is str that also takes a JSON boolean, as its text.
func (p *Parser) strOrBool(path string, v *fastjson.Value) (string, error) {
	switch v.Type() {
	case fastjson.TypeTrue:
		return "true", nil
	case fastjson.TypeFalse:
		return "false", nil
	}
	return p.str(path, v)
}

func optBool(path string, v *fastjson.Value) (store.OptBool, error) {
	switch v.Type() {
	case fastjson.TypeTrue:
		return store.Bool(true), nil
	case fastjson.TypeFalse:
		return store.Bool(false), nil
	case fastjson.TypeNull:
		return store.OptBool{}, nil
	}
	return store.OptBool{}, wrongType(path, "boolean", typeName(v))
}

// objectOrNull returns v's object, nil for null, or a wrong-type error.
func objectOrNull(path string, v *fastjson.Value) (*fastjson.Object, error) {
	switch v.Type() {
	case fastjson.TypeObject:
		return v.Object()
	case fastjson.TypeNull:
		return nil, nil
	}
	return nil, wrongType(path, "object", typeName(v))
}

// identityBlock holds the structs under userIdentity, allocated together.
type identityBlock struct {
	ui store.UserIdentity
	sc store.SessionContext
	at store.SessionAttributes
	si store.SessionIssuer
	wf store.WebIDFederationData
	ob store.OnBehalfOf
}

func (p *Parser) userIdentity(v *fastjson.Value) (*store.UserIdentity, error) {
	o, err := objectOrNull("userIdentity", v)
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
			if ob, err = objectOrNull("userIdentity.onBehalfOf", v); ob != nil {
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

func (p *Parser) sessionContext(id *identityBlock, v *fastjson.Value) (*store.SessionContext, error) {
	o, err := objectOrNull("userIdentity.sessionContext", v)
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
			if a, err = objectOrNull("userIdentity.sessionContext.attributes", v); a != nil {
				sc.Attributes = &id.at
				err = p.sessionAttributes(&id.at, a)
			}
		case "sessionIssuer":
			var s *fastjson.Object
			if s, err = objectOrNull("userIdentity.sessionContext.sessionIssuer", v); s != nil {
				sc.SessionIssuer = &id.si
				err = p.sessionIssuer(&id.si, s)
			}
		case "webIdFederationData":
			var w *fastjson.Object
			if w, err = objectOrNull("userIdentity.sessionContext.webIdFederationData", v); w != nil {
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

func (p *Parser) sessionAttributes(at *store.SessionAttributes, o *fastjson.Object) (err error) {
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
				t, ok := parseTime(b)
				if !ok {
					err = invalidField(cd, b)
				}
				at.CreationDate = t
			case fastjson.TypeNull:
			default:
				err = wrongType(cd, "string", typeName(v))
			}
		case "mfaAuthenticated":
			// A string ("true"/"false") in CloudTrail; some producers write a JSON boolean.
			at.MFAAuthenticated, err = p.strOrBool("userIdentity.sessionContext.attributes.mfaAuthenticated", v)
		}
	})
	return err
}

func (p *Parser) sessionIssuer(si *store.SessionIssuer, o *fastjson.Object) (err error) {
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

func (p *Parser) webIDFederationData(wf *store.WebIDFederationData, o *fastjson.Object) (err error) {
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
			if a, err = objectOrNull(path+".attributes", v); a != nil {
				wf.Attributes = p.fillMap(a, make([]store.KV, a.Len()))
			}
		}
	})
	return err
}

func (p *Parser) resources(v *fastjson.Value) ([]store.Resource, error) {
	switch v.Type() {
	case fastjson.TypeNull:
		return nil, nil
	case fastjson.TypeArray:
	default:
		return nil, wrongType("resources", "array", typeName(v))
	}
	arr, _ := v.Array()
	out := make([]store.Resource, len(arr))
	for i, e := range arr {
		if e.Type() != fastjson.TypeObject {
			return nil, wrongType(fmt.Sprintf("resources[%d]", i), "object", typeName(e))
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

func (p *Parser) tlsDetails(v *fastjson.Value) (*store.TLSDetails, error) {
	o, err := objectOrNull("tlsDetails", v)
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
func (p *Parser) fillMaps(ev *store.Event) {
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
func (p *Parser) fillMap(o *fastjson.Object, dst []store.KV) store.Map {
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

// inferCategory gives the eventCategory of an event that has none.
func inferCategory(ev *store.Event) string {
	switch {
	case ev.EventType == "AwsCloudTrailInsight":
		return "Insight"
	case ev.EventType == "AwsApiCall" && ev.ManagementEvent.Valid && !ev.ManagementEvent.Value:
		return "Data"
	}
	return "Management"
}

// derivedID is the eventID of a record without one: its SHA-256 as a UUID (version 8, the
// RFC 9562 custom version), so the same record always gets the same id.
func derivedID(sum *[sha256.Size]byte) [36]byte {
	var u [16]byte
	copy(u[:], sum[:16])
	u[6] = u[6]&0x0f | 0x80
	u[8] = u[8]&0x3f | 0x80
	var s [36]byte
	hex.Encode(s[0:8], u[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], u[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], u[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], u[8:10])
	s[23] = '-'
	hex.Encode(s[24:36], u[10:16])
	return s
}

func typeName(v *fastjson.Value) string {
	switch v.Type() {
	case fastjson.TypeTrue, fastjson.TypeFalse:
		return "boolean"
	default:
		return v.Type().String()
	}
}

// trimSpace trims JSON whitespace.
func trimSpace(b []byte) []byte {
	for len(b) > 0 && isJSONSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isJSONSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

func isJSONSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// parseTime parses an event timestamp: RFC 3339 ("2019-01-01T00:00:00Z", with or without a
// fraction, with an offset converted to UTC), also with a space for the T and without a zone
// (then UTC), as Lake's "YYYY-MM-DD HH:MM:SS[.fraction]". The zero time and times outside
// years 1-9999 in UTC are refused.
func parseTime(b []byte) (time.Time, bool) {
	if len(b) < 19 || b[4] != '-' || b[7] != '-' || b[13] != ':' || b[16] != ':' {
		return time.Time{}, false
	}
	if c := b[10]; c != 'T' && c != 't' && c != ' ' {
		return time.Time{}, false
	}
	year, ok1 := atoiDigits(b[0:4])
	month, ok2 := atoiDigits(b[5:7])
	day, ok3 := atoiDigits(b[8:10])
	hour, ok4 := atoiDigits(b[11:13])
	minute, ok5 := atoiDigits(b[14:16])
	sec, ok6 := atoiDigits(b[17:19])
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || !ok6 ||
		month < 1 || month > 12 || day < 1 || day > daysIn(month, year) ||
		hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	i, nsec := 19, 0
	if i < len(b) && b[i] == '.' {
		i++
		start := i
		for ; i < len(b) && isASCIIDigit(b[i]); i++ {
			if i-start < 9 {
				nsec = nsec*10 + int(b[i]-'0')
			}
		}
		if i == start {
			return time.Time{}, false
		}
		for n := i - start; n < 9; n++ {
			nsec *= 10
		}
	}
	offset := 0
	if i < len(b) {
		switch b[i] {
		case 'Z', 'z':
			i++
		case '+', '-':
			z := b[i+1:]
			if len(z) == 4 { // ±hhmm
				z = []byte{z[0], z[1], ':', z[2], z[3]}
			}
			if len(z) != 5 || z[2] != ':' {
				return time.Time{}, false
			}
			zh, okh := atoiDigits(z[0:2])
			zm, okm := atoiDigits(z[3:5])
			if !okh || !okm || zh > 23 || zm > 59 {
				return time.Time{}, false
			}
			offset = zh*3600 + zm*60
			if b[i] == '-' {
				offset = -offset
			}
			i = len(b)
		default:
			return time.Time{}, false
		}
	}
	if i != len(b) {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC)
	if offset != 0 {
		t = t.Add(-time.Duration(offset) * time.Second)
	}
	if y := t.Year(); y < 1 || y > 9999 || t.IsZero() {
		return time.Time{}, false // outside RFC 3339 once in UTC, or the zero time
	}
	return t, true
}

// atoiDigits parses a run of ASCII digits.
func atoiDigits(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if !isASCIIDigit(c) {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
