package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/ctlake/ctlake/store"
)

// Parser turns raw records into store.Events. It is not safe for concurrent use (it holds
// scratch buffers): make one per goroutine. Reusing one Parser for many records is what makes
// it fast.
//
// It reads a record in one pass, without building a tree. Memory: EventJSON is a copy of the
// record (or the record itself when the decoder says it is stable), and every string of the
// Event that has no escapes in the record is a substring of EventJSON, so keeping any of them
// keeps the whole record.
type Parser struct {
	val  validator
	r    reader
	kvs  []store.KV // map entries of the record, before they are copied into the Event's slab
	maps [numMaps]mapRange
	res  []store.Resource
	hex  []byte          // the rest of the slab checksums are written into (see checksum)
	ids  []identityBlock // the rest of the slab of userIdentity blocks (see identity)
}

// mapRange is where one map column's entries are in Parser.kvs.
type mapRange struct {
	start, end int
	set        bool // false: absent or null
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

// Depths of values (the record is depth 1), for the nesting limit of skipped values.
const (
	depthField    = 2 // a top-level field
	depthIdentity = 3 // a field of userIdentity, of a resource, of tlsDetails, an entry of a map
	depthContext  = 4 // a field of userIdentity.sessionContext
	depthSession  = 5 // a field of sessionContext's structs
	depthWebAttr  = 6 // an entry of webIdFederationData.attributes
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
	raw = trimSpace(raw)
	if len(raw) == 0 {
		return store.Event{}, fmt.Errorf("%w: empty record", ErrBadRecord)
	}
	end, _, err := p.val.value(raw, 0, true)
	if err != nil {
		return store.Event{}, fmt.Errorf("%w: %v", ErrBadRecord, err)
	}
	if end < len(raw) {
		return store.Event{}, fmt.Errorf("%w: unexpected %q after the value", ErrBadRecord, headOf(raw[end:], 16))
	}
	return p.parseValid(raw, false)
}

// parseValid is Parse for a record known to be one well-formed JSON value without surrounding
// whitespace, as Decode delivers them: Decode has validated it already.
//
// When stable, raw is never changed or reused (Record.Stable) and becomes EventJSON without a
// copy; the Event then keeps raw's buffer alive.
func (p *Parser) parseValid(raw []byte, stable bool) (store.Event, error) {
	var ev store.Event
	if !utf8.Valid(raw) {
		return ev, fmt.Errorf("%w: not valid UTF-8", ErrBadRecord)
	}
	if raw[0] != '{' {
		return ev, fmt.Errorf("%w: not a JSON object but %s", ErrBadRecord, kindOf(raw[0]))
	}

	sum := sha256.Sum256(raw)
	if stable {
		ev.EventJSON = unsafe.String(unsafe.SliceData(raw), len(raw))
		ev.EventJSONChecksum = p.checksum(&sum)
	} else {
		// EventJSON and its checksum in one allocation (a Builder's, which is not zeroed first).
		var hx [2 * sha256.Size]byte
		hex.Encode(hx[:], sum[:])
		var b strings.Builder
		b.Grow(len(raw) + len(hx))
		b.Write(raw)
		b.Write(hx[:])
		all := b.String()
		ev.EventJSON, ev.EventJSONChecksum = all[:len(raw)], all[len(raw):]
	}
	r := &p.r
	r.s, r.i = ev.EventJSON, 0

	p.kvs = p.kvs[:0]
	p.maps = [numMaps]mapRange{}
	haveTime := false
	err := r.members(func(key string) error {
		return p.field(&ev, key, &haveTime)
	})
	r.s = "" // do not keep the record alive in the Parser
	if err != nil {
		return store.Event{}, err
	}
	if !haveTime {
		return store.Event{}, missingField("eventTime")
	}
	p.fillMaps(&ev)
	if ev.EventID == "" {
		id := derivedID(&sum)
		ev.EventID = string(id[:])
	}
	if ev.EventCategory == "" {
		ev.EventCategory = inferCategory(&ev)
	}
	return ev, nil
}

// checksum returns sum in hex, carved from a slab: one allocation per checksumSlab records.
func (p *Parser) checksum(sum *[sha256.Size]byte) string {
	const n = 2 * sha256.Size
	if len(p.hex) < n {
		p.hex = make([]byte, n*checksumSlab)
	}
	hex.Encode(p.hex[:n], sum[:])
	s := unsafe.String(unsafe.SliceData(p.hex), n)
	p.hex = p.hex[n:]
	return s
}

const checksumSlab = 256

// field reads the value of one top-level field into ev.
func (p *Parser) field(ev *store.Event, key string, haveTime *bool) (err error) {
	switch key {
	case "eventTime":
		var ok bool
		if ok, err = p.eventTime(ev); ok {
			*haveTime = true
		}
	case "eventVersion":
		ev.EventVersion, err = p.str("eventVersion")
	case "userIdentity":
		ev.UserIdentity, err = p.userIdentity()
	case "eventSource":
		ev.EventSource, err = p.str("eventSource")
	case "eventName":
		ev.EventName, err = p.str("eventName")
	case "awsRegion":
		ev.AwsRegion, err = p.str("awsRegion")
	case "sourceIPAddress":
		ev.SourceIPAddress, err = p.str("sourceIPAddress")
	case "userAgent":
		ev.UserAgent, err = p.str("userAgent")
	case "errorCode":
		ev.ErrorCode, err = p.str("errorCode")
	case "errorMessage":
		ev.ErrorMessage, err = p.str("errorMessage")
	case "requestID":
		ev.RequestID, err = p.str("requestID")
	case "eventID":
		ev.EventID, err = p.str("eventID")
	case "eventType":
		ev.EventType, err = p.str("eventType")
	case "apiVersion":
		ev.APIVersion, err = p.str("apiVersion")
	case "recipientAccountId":
		ev.RecipientAccountID, err = p.str("recipientAccountId")
	case "sharedEventID":
		ev.SharedEventID, err = p.str("sharedEventID")
	case "annotation":
		ev.Annotation, err = p.str("annotation")
	case "vpcEndpointId":
		ev.VpcEndpointID, err = p.str("vpcEndpointId")
	case "vpcEndpointAccountId":
		ev.VpcEndpointAccountID, err = p.str("vpcEndpointAccountId")
	case "eventCategory":
		ev.EventCategory, err = p.str("eventCategory")
	case "sessionCredentialFromConsole":
		// "true" in CloudTrail; some producers write a JSON boolean: keep its text.
		ev.SessionCredentialFromConsole, err = p.strOrBool("sessionCredentialFromConsole")
	case "readOnly":
		ev.ReadOnly, err = p.optBool("readOnly")
	case "managementEvent":
		ev.ManagementEvent, err = p.optBool("managementEvent")
	case "resources":
		ev.Resources, err = p.resources()
	case "tlsDetails":
		ev.TLSDetails, err = p.tlsDetails()
	case "requestParameters":
		err = p.topMap(mapRequestParameters, "requestParameters")
	case "responseElements":
		err = p.topMap(mapResponseElements, "responseElements")
	case "additionalEventData":
		err = p.topMap(mapAdditionalEventData, "additionalEventData")
	case "serviceEventDetails":
		err = p.topMap(mapServiceEventDetails, "serviceEventDetails")
	case "addendum":
		err = p.topMap(mapAddendum, "addendum")
	case "edgeDeviceDetails":
		err = p.topMap(mapEdgeDeviceDetails, "edgeDeviceDetails")
	case "insightDetails":
		err = p.topMap(mapInsightDetails, "insightDetails")
	default:
		_, err = p.r.skip(depthField)
	}
	return err
}

func (p *Parser) eventTime(ev *store.Event) (bool, error) {
	r := &p.r
	switch r.s[r.i] {
	case '"':
		s := r.str()
		t, ok := parseTime(s)
		if !ok {
			return false, invalidField("eventTime", []byte(s))
		}
		ev.EventTime = t
		return true, nil
	case 'n':
		r.literal()
		return false, nil // as if absent
	}
	return false, wrongType("eventTime", "string", r.kind())
}

// str reads a string column: a JSON string, or null for "".
func (p *Parser) str(path string) (string, error) {
	r := &p.r
	switch r.s[r.i] {
	case '"':
		return r.str(), nil
	case 'n':
		r.literal()
		return "", nil
	}
	return "", wrongType(path, "string", r.kind())
}

// strOrBool is str that also takes a JSON boolean, as its text.
func (p *Parser) strOrBool(path string) (string, error) {
	if c := p.r.s[p.r.i]; c == 't' || c == 'f' {
		return p.r.literal(), nil
	}
	return p.str(path)
}

func (p *Parser) optBool(path string) (store.OptBool, error) {
	r := &p.r
	switch r.s[r.i] {
	case 't':
		r.literal()
		return store.Bool(true), nil
	case 'f':
		r.literal()
		return store.Bool(false), nil
	case 'n':
		r.literal()
		return store.OptBool{}, nil
	}
	return store.OptBool{}, wrongType(path, "boolean", r.kind())
}

// object reports whether the value is an object (left unread), consumes a null, and refuses
// anything else.
func (p *Parser) object(path string) (bool, error) {
	r := &p.r
	switch r.s[r.i] {
	case '{':
		return true, nil
	case 'n':
		r.literal()
		return false, nil
	}
	return false, wrongType(path, "object", r.kind())
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

// identity returns a zeroed identityBlock from the Parser's slab: one allocation per
// identitySlab records instead of one per record.
func (p *Parser) identity() *identityBlock {
	if len(p.ids) == 0 {
		p.ids = make([]identityBlock, identitySlab)
	}
	id := &p.ids[0]
	p.ids = p.ids[1:]
	return id
}

const identitySlab = 64

func (p *Parser) userIdentity() (*store.UserIdentity, error) {
	if ok, err := p.object("userIdentity"); !ok {
		return nil, err
	}
	id := p.identity()
	ui := &id.ui
	err := p.r.members(func(key string) (err error) {
		switch key {
		case "type":
			ui.Type, err = p.str("userIdentity.type")
		case "principalId":
			ui.PrincipalID, err = p.str("userIdentity.principalId")
		case "arn":
			ui.ARN, err = p.str("userIdentity.arn")
		case "accountId":
			ui.AccountID, err = p.str("userIdentity.accountId")
		case "accessKeyId":
			ui.AccessKeyID, err = p.str("userIdentity.accessKeyId")
		case "userName":
			ui.UserName, err = p.str("userIdentity.userName")
		case "invokedBy":
			ui.InvokedBy, err = p.str("userIdentity.invokedBy")
		case "identityProvider":
			ui.IdentityProvider, err = p.str("userIdentity.identityProvider")
		case "credentialId":
			ui.CredentialID, err = p.str("userIdentity.credentialId")
		case "sessionContext":
			ui.SessionContext, err = p.sessionContext(id)
		case "onBehalfOf":
			var ok bool
			if ok, err = p.object("userIdentity.onBehalfOf"); ok {
				ui.OnBehalfOf = &id.ob
				err = p.r.members(func(key string) (err error) {
					switch key {
					case "userId":
						id.ob.UserID, err = p.str("userIdentity.onBehalfOf.userId")
					case "identityStoreArn":
						id.ob.IdentityStoreArn, err = p.str("userIdentity.onBehalfOf.identityStoreArn")
					default:
						_, err = p.r.skip(depthContext)
					}
					return err
				})
			}
		default:
			_, err = p.r.skip(depthIdentity)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return ui, nil
}

func (p *Parser) sessionContext(id *identityBlock) (*store.SessionContext, error) {
	if ok, err := p.object("userIdentity.sessionContext"); !ok {
		return nil, err
	}
	sc := &id.sc
	err := p.r.members(func(key string) (err error) {
		var ok bool
		switch key {
		case "attributes":
			if ok, err = p.object("userIdentity.sessionContext.attributes"); ok {
				sc.Attributes = &id.at
				err = p.sessionAttributes(&id.at)
			}
		case "sessionIssuer":
			if ok, err = p.object("userIdentity.sessionContext.sessionIssuer"); ok {
				sc.SessionIssuer = &id.si
				err = p.sessionIssuer(&id.si)
			}
		case "webIdFederationData":
			if ok, err = p.object("userIdentity.sessionContext.webIdFederationData"); ok {
				sc.WebIDFederationData = &id.wf
				err = p.webIDFederationData(&id.wf)
			}
		case "sourceIdentity":
			sc.SourceIdentity, err = p.str("userIdentity.sessionContext.sourceIdentity")
		case "ec2RoleDelivery":
			sc.EC2RoleDelivery, err = p.str("userIdentity.sessionContext.ec2RoleDelivery")
		case "ec2IssuedInVpc":
			sc.EC2IssuedInVpc, err = p.str("userIdentity.sessionContext.ec2IssuedInVpc")
		default:
			_, err = p.r.skip(depthContext)
		}
		return err
	})
	return sc, err
}

func (p *Parser) sessionAttributes(at *store.SessionAttributes) error {
	const cd = "userIdentity.sessionContext.attributes.creationDate"
	r := &p.r
	return r.members(func(key string) (err error) {
		switch key {
		case "creationDate":
			switch r.s[r.i] {
			case '"':
				s := r.str()
				if s == "" {
					break
				}
				t, ok := parseTime(s)
				if !ok {
					err = invalidField(cd, []byte(s))
				}
				at.CreationDate = t
			case 'n':
				r.literal()
			default:
				err = wrongType(cd, "string", r.kind())
			}
		case "mfaAuthenticated":
			// A string ("true"/"false") in CloudTrail; some producers write a JSON boolean.
			at.MFAAuthenticated, err = p.strOrBool("userIdentity.sessionContext.attributes.mfaAuthenticated")
		default:
			_, err = r.skip(depthSession)
		}
		return err
	})
}

func (p *Parser) sessionIssuer(si *store.SessionIssuer) error {
	return p.r.members(func(key string) (err error) {
		switch key {
		case "type":
			si.Type, err = p.str("userIdentity.sessionContext.sessionIssuer.type")
		case "principalId":
			si.PrincipalID, err = p.str("userIdentity.sessionContext.sessionIssuer.principalId")
		case "arn":
			si.ARN, err = p.str("userIdentity.sessionContext.sessionIssuer.arn")
		case "accountId":
			si.AccountID, err = p.str("userIdentity.sessionContext.sessionIssuer.accountId")
		case "userName":
			si.UserName, err = p.str("userIdentity.sessionContext.sessionIssuer.userName")
		default:
			_, err = p.r.skip(depthSession)
		}
		return err
	})
}

func (p *Parser) webIDFederationData(wf *store.WebIDFederationData) error {
	const path = "userIdentity.sessionContext.webIdFederationData"
	return p.r.members(func(key string) (err error) {
		switch key {
		case "federatedProvider":
			wf.FederatedProvider, err = p.str(path + ".federatedProvider")
		case "attributes":
			var ok bool
			if ok, err = p.object(path + ".attributes"); ok {
				start := len(p.kvs)
				if err = p.mapEntries(start, depthWebAttr); err == nil {
					wf.Attributes = append(store.Map{}, p.kvs[start:]...)
				}
				p.kvs = p.kvs[:start]
			}
		default:
			_, err = p.r.skip(depthSession)
		}
		return err
	})
}

func (p *Parser) resources() ([]store.Resource, error) {
	r := &p.r
	switch r.s[r.i] {
	case 'n':
		r.literal()
		return nil, nil
	case '[':
	default:
		return nil, wrongType("resources", "array", r.kind())
	}
	p.res = p.res[:0]
	if r.enter() {
		for i := 0; ; i++ {
			if r.s[r.i] != '{' {
				return nil, wrongType(fmt.Sprintf("resources[%d]", i), "object", r.kind())
			}
			var res store.Resource
			err := r.members(func(key string) (err error) {
				switch key {
				case "accountId":
					res.AccountID, err = p.str("accountId")
				case "type":
					res.Type, err = p.str("type")
				case "ARN":
					res.ARN, err = p.str("ARN")
				case "arn":
					res.ARN, err = p.str("arn")
				case "arnPrefix":
					res.ARNPrefix, err = p.str("arnPrefix")
				default:
					_, err = r.skip(depthContext)
				}
				return err
			})
			if err != nil {
				if fe, ok := err.(*fieldError); ok {
					fe.path = fmt.Sprintf("resources[%d].%s", i, fe.path)
				}
				return nil, err
			}
			p.res = append(p.res, res)
			if !r.more() {
				break
			}
		}
	}
	return append(make([]store.Resource, 0, len(p.res)), p.res...), nil
}

func (p *Parser) tlsDetails() (*store.TLSDetails, error) {
	if ok, err := p.object("tlsDetails"); !ok {
		return nil, err
	}
	t := new(store.TLSDetails)
	err := p.r.members(func(key string) (err error) {
		switch key {
		case "tlsVersion":
			t.TLSVersion, err = p.str("tlsDetails.tlsVersion")
		case "cipherSuite":
			t.CipherSuite, err = p.str("tlsDetails.cipherSuite")
		case "clientProvidedHostHeader":
			t.ClientProvidedHostHeader, err = p.str("tlsDetails.clientProvidedHostHeader")
		default:
			_, err = p.r.skip(depthIdentity)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// topMap reads a top-level map column into p.kvs; a repeated field replaces the earlier one.
func (p *Parser) topMap(i int, path string) error {
	p.maps[i] = mapRange{}
	ok, err := p.object(path)
	if !ok {
		return err
	}
	start := len(p.kvs)
	if err := p.mapEntries(start, depthIdentity); err != nil {
		return err
	}
	p.maps[i] = mapRange{start: start, end: len(p.kvs), set: true}
	return nil
}

// mapEntries appends the members of the object at i to p.kvs (the map's entries begin at
// start). Strings are kept unquoted, numbers and booleans as their JSON text, objects and
// arrays as compact JSON with strings exactly as in the source, null as Null. A repeated key
// keeps the last value at the first one's place (the writer's maps need unique keys).
func (p *Parser) mapEntries(start, depth int) error {
	r := &p.r
	return r.members(func(key string) error {
		kv := store.KV{Key: key}
		switch r.s[r.i] {
		case '"':
			kv.Value = r.str()
		case 'n':
			r.literal()
			kv.Null = true
		case 't', 'f':
			kv.Value = r.literal()
		default:
			var err error
			if kv.Value, err = r.skip(depth); err != nil {
				return err
			}
		}
		for j := start; j < len(p.kvs); j++ {
			if p.kvs[j].Key == key {
				p.kvs[j] = kv
				return nil
			}
		}
		p.kvs = append(p.kvs, kv)
		return nil
	})
}

// fillMaps gives the map columns found by Parse their entries, with one allocation for all.
func (p *Parser) fillMaps(ev *store.Event) {
	total, found := 0, false
	for _, m := range p.maps {
		if m.set {
			total += m.end - m.start
			found = true
		}
	}
	if !found {
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
	for i, m := range p.maps {
		if !m.set {
			continue
		}
		n := copy(slab, p.kvs[m.start:m.end])
		*dst[i] = store.Map(slab[:n:n])
		slab = slab[n:]
	}
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
func parseTime(b string) (time.Time, bool) {
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
			var mm string
			switch {
			case len(z) == 4: // ±hhmm
				mm = z[2:4]
			case len(z) == 5 && z[2] == ':':
				mm = z[3:5]
			default:
				return time.Time{}, false
			}
			zh, okh := atoiDigits(z[0:2])
			zm, okm := atoiDigits(mm)
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
func atoiDigits(b string) (int, bool) {
	n := 0
	for _, c := range []byte(b) {
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
