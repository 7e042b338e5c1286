package store

import (
	"time"
	"unsafe"

	"github.com/apache/arrow-go/v18/parquet"
)

// The Parquet writer fills each leaf column of a row group straight from the Events, as
// values plus Dremel definition and repetition levels, instead of building an Arrow record
// and letting pqarrow take it apart again: that saved copying every string (the raw events
// are most of the bytes) into Arrow buffers and then into the encoders, and a record's worth
// of memory per file. The files are the ones pqarrow writes from arrowSchema (see
// leaves_test.go, which compares both writers), so compaction, which goes through pqarrow,
// writes the same schema.
//
// Definition levels count the optional (or repeated) fields present on the path to the leaf:
// a leaf under userIdentity.sessionContext that is null while both structs are present has
// level 2, and 3 when it has a value. Repetition levels (maps and resources only) are 0 for
// the first entry of a row and 1 for the next ones.

// leafBuf collects one leaf column of a row group; the writer reuses it for every leaf.
type leafBuf struct {
	def, rep []int16
	strs     []parquet.ByteArray
	ints     []int64
	bools    []bool
	warmed   byte
}

// warm reads the raw events of a chunk, one byte per cache line. Most values are substrings
// of the raw event (see ingest.Parser): one sequential sweep, which the hardware prefetches,
// beats a cache miss per value in the dictionary encoders (measured: their hashing took
// 4.5 s of CPU for 1M generated events without a sweep, 2.5 s after one).
func (b *leafBuf) warm(evs []*Event) {
	var sum byte
	for _, e := range evs {
		for i := 0; i < len(e.EventJSON); i += 64 {
			sum += e.EventJSON[i]
		}
		// The Event itself and its identity block: one field per cache line or so.
		n := len(e.EventVersion) + len(e.ErrorMessage) + len(e.AdditionalEventData) + len(e.EventType) +
			len(e.RecipientAccountID) + len(e.VpcEndpointID) + len(e.Addendum) + len(e.InsightDetails)
		if u := e.UserIdentity; u != nil {
			n += len(u.Type) + len(u.UserName) + len(u.CredentialID)
			if c := u.SessionContext; c != nil {
				n += len(c.SourceIdentity)
			}
		}
		sum += byte(n)
	}
	b.warmed += sum // kept, so the reads are not optimised away
}

func (b *leafBuf) reset() {
	b.def, b.rep, b.strs, b.ints, b.bools = b.def[:0], b.rep[:0], b.strs[:0], b.ints[:0], b.bools[:0]
}

// leaf is one leaf column of the schema, in file order, with the function that fills it.
type leaf struct {
	path string // dotted Parquet path, checked against the schema when writing
	fill func(b *leafBuf, evs []*Event)
}

// emptyBytes is the value of an empty string: the statistics take a nil ByteArray for "no
// value", so "" must not be nil.
var emptyBytes = []byte{}

// bytesOf views s as a ByteArray without copying it. The encoders only read their input (the
// dictionary and the statistics keep copies), and the events outlive the write.
func bytesOf(s string) parquet.ByteArray {
	if len(s) == 0 {
		return emptyBytes
	}
	return unsafe.Slice(unsafe.StringData(s), len(s))
}

// A parent finds an optional struct on the path to a leaf and the definition level up to it:
// the number of optional fields present, itself included when it is not nil.
type parent[T any] func(*Event) (*T, int16)

func root[T any](get func(*Event) *T) parent[T] {
	return func(e *Event) (*T, int16) {
		if v := get(e); v != nil {
			return v, 1
		}
		return nil, 0
	}
}

func child[P, C any](p parent[P], get func(*P) *C) parent[C] {
	return func(e *Event) (*C, int16) {
		pv, d := p(e)
		if pv == nil {
			return nil, d
		}
		if v := get(pv); v != nil {
			return v, d + 1
		}
		return nil, d
	}
}

var (
	pUserIdentity   = root(func(e *Event) *UserIdentity { return e.UserIdentity })
	pSessionContext = child(pUserIdentity, func(u *UserIdentity) *SessionContext { return u.SessionContext })
	pAttributes     = child(pSessionContext, func(c *SessionContext) *SessionAttributes { return c.Attributes })
	pSessionIssuer  = child(pSessionContext, func(c *SessionContext) *SessionIssuer { return c.SessionIssuer })
	pWebID          = child(pSessionContext, func(c *SessionContext) *WebIDFederationData { return c.WebIDFederationData })
	pOnBehalfOf     = child(pUserIdentity, func(u *UserIdentity) *OnBehalfOf { return u.OnBehalfOf })
	pTLS            = root(func(e *Event) *TLSDetails { return e.TLSDetails })
	pEvent          = parent[Event](func(e *Event) (*Event, int16) { return e, 0 }) // the row: always there
)

// optStr is an optional string leaf where "" is NULL (the Event convention).
func optStr[T any](path string, p parent[T], get func(*T) string) leaf {
	return leaf{path, func(b *leafBuf, evs []*Event) {
		for _, e := range evs {
			v, d := p(e)
			if v != nil {
				if s := get(v); s != "" {
					b.def = append(b.def, d+1)
					b.strs = append(b.strs, bytesOf(s))
					continue
				}
			}
			b.def = append(b.def, d)
		}
	}}
}

// col is a top-level optional string column.
func col(path string, get func(*Event) string) leaf { return optStr(path, pEvent, get) }

// optTime is an optional timestamp leaf where the zero time is NULL.
func optTime[T any](path string, p parent[T], get func(*T) time.Time) leaf {
	return leaf{path, func(b *leafBuf, evs []*Event) {
		for _, e := range evs {
			v, d := p(e)
			if v != nil {
				if t := get(v); !t.IsZero() {
					b.def = append(b.def, d+1)
					b.ints = append(b.ints, t.UnixMicro())
					continue
				}
			}
			b.def = append(b.def, d)
		}
	}}
}

func optBool(path string, get func(*Event) OptBool) leaf {
	return leaf{path, func(b *leafBuf, evs []*Event) {
		for _, e := range evs {
			if v := get(e); v.Valid {
				b.def = append(b.def, 1)
				b.bools = append(b.bools, v.Value)
			} else {
				b.def = append(b.def, 0)
			}
		}
	}}
}

// mapCols are the key and value leaves of a map<string,string> under p: NULL map, empty map,
// then per entry a required key and an optional value (a JSON null is NULL, "" is "").
func mapCols[T any](path string, p parent[T], get func(*T) Map) [2]leaf {
	fill := func(key bool) func(b *leafBuf, evs []*Event) {
		return func(b *leafBuf, evs []*Event) {
			for _, e := range evs {
				var m Map
				v, d := p(e)
				if v != nil {
					m = get(v)
				}
				switch {
				case m == nil:
					b.def, b.rep = append(b.def, d), append(b.rep, 0)
					continue
				case len(m) == 0:
					b.def, b.rep = append(b.def, d+1), append(b.rep, 0)
					continue
				}
				for i, kv := range m {
					b.rep = append(b.rep, min(int16(i), 1))
					switch {
					case key:
						b.def = append(b.def, d+2)
						b.strs = append(b.strs, bytesOf(kv.Key))
					case kv.Null:
						b.def = append(b.def, d+2)
					default:
						b.def = append(b.def, d+3)
						b.strs = append(b.strs, bytesOf(kv.Value))
					}
				}
			}
		}
	}
	return [2]leaf{{path + ".key_value.key", fill(true)}, {path + ".key_value.value", fill(false)}}
}

// resourceCol is a field of the resources list of structs: NULL list, empty list, then per
// element (never NULL) an optional string.
func resourceCol(name string, get func(*Resource) string) leaf {
	return leaf{"resources.list.element." + name, func(b *leafBuf, evs []*Event) {
		for _, e := range evs {
			switch {
			case e.Resources == nil:
				b.def, b.rep = append(b.def, 0), append(b.rep, 0)
				continue
			case len(e.Resources) == 0:
				b.def, b.rep = append(b.def, 1), append(b.rep, 0)
				continue
			}
			for i := range e.Resources {
				b.rep = append(b.rep, min(int16(i), 1))
				if s := get(&e.Resources[i]); s != "" {
					b.def = append(b.def, 4)
					b.strs = append(b.strs, bytesOf(s))
				} else {
					b.def = append(b.def, 3)
				}
			}
		}
	}}
}

func leavesOf(groups ...[]leaf) []leaf {
	var out []leaf
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

func one(l leaf) []leaf     { return []leaf{l} }
func pair(l [2]leaf) []leaf { return l[:] }

// leaves is the schema's leaf columns in file order (arrowSchema as pqarrow lays it out).
var leaves = leavesOf(
	one(col("eventVersion", func(e *Event) string { return e.EventVersion })),
	[]leaf{
		optStr("userIdentity.type", pUserIdentity, func(u *UserIdentity) string { return u.Type }),
		optStr("userIdentity.principalId", pUserIdentity, func(u *UserIdentity) string { return u.PrincipalID }),
		optStr("userIdentity.arn", pUserIdentity, func(u *UserIdentity) string { return u.ARN }),
		optStr("userIdentity.accountId", pUserIdentity, func(u *UserIdentity) string { return u.AccountID }),
		optStr("userIdentity.accessKeyId", pUserIdentity, func(u *UserIdentity) string { return u.AccessKeyID }),
		optStr("userIdentity.userName", pUserIdentity, func(u *UserIdentity) string { return u.UserName }),
		optTime("userIdentity.sessionContext.attributes.creationDate", pAttributes, func(a *SessionAttributes) time.Time { return a.CreationDate }),
		optStr("userIdentity.sessionContext.attributes.mfaAuthenticated", pAttributes, func(a *SessionAttributes) string { return a.MFAAuthenticated }),
		optStr("userIdentity.sessionContext.sessionIssuer.type", pSessionIssuer, func(s *SessionIssuer) string { return s.Type }),
		optStr("userIdentity.sessionContext.sessionIssuer.principalId", pSessionIssuer, func(s *SessionIssuer) string { return s.PrincipalID }),
		optStr("userIdentity.sessionContext.sessionIssuer.arn", pSessionIssuer, func(s *SessionIssuer) string { return s.ARN }),
		optStr("userIdentity.sessionContext.sessionIssuer.accountId", pSessionIssuer, func(s *SessionIssuer) string { return s.AccountID }),
		optStr("userIdentity.sessionContext.sessionIssuer.userName", pSessionIssuer, func(s *SessionIssuer) string { return s.UserName }),
		optStr("userIdentity.sessionContext.webIdFederationData.federatedProvider", pWebID, func(w *WebIDFederationData) string { return w.FederatedProvider }),
	},
	pair(mapCols("userIdentity.sessionContext.webIdFederationData.attributes", pWebID, func(w *WebIDFederationData) Map { return w.Attributes })),
	[]leaf{
		optStr("userIdentity.sessionContext.sourceIdentity", pSessionContext, func(c *SessionContext) string { return c.SourceIdentity }),
		optStr("userIdentity.sessionContext.ec2RoleDelivery", pSessionContext, func(c *SessionContext) string { return c.EC2RoleDelivery }),
		optStr("userIdentity.sessionContext.ec2IssuedInVpc", pSessionContext, func(c *SessionContext) string { return c.EC2IssuedInVpc }),
		optStr("userIdentity.invokedBy", pUserIdentity, func(u *UserIdentity) string { return u.InvokedBy }),
		optStr("userIdentity.identityProvider", pUserIdentity, func(u *UserIdentity) string { return u.IdentityProvider }),
		optStr("userIdentity.onBehalfOf.userId", pOnBehalfOf, func(o *OnBehalfOf) string { return o.UserID }),
		optStr("userIdentity.onBehalfOf.identityStoreArn", pOnBehalfOf, func(o *OnBehalfOf) string { return o.IdentityStoreArn }),
		optStr("userIdentity.credentialId", pUserIdentity, func(u *UserIdentity) string { return u.CredentialID }),
		{"eventTime", func(b *leafBuf, evs []*Event) { // required
			for _, e := range evs {
				b.ints = append(b.ints, e.EventTime.UnixMicro())
			}
		}},
		col("eventSource", func(e *Event) string { return e.EventSource }),
		col("eventName", func(e *Event) string { return e.EventName }),
		col("awsRegion", func(e *Event) string { return e.AwsRegion }),
		col("sourceIPAddress", func(e *Event) string { return e.SourceIPAddress }),
		col("userAgent", func(e *Event) string { return e.UserAgent }),
		col("errorCode", func(e *Event) string { return e.ErrorCode }),
		col("errorMessage", func(e *Event) string { return e.ErrorMessage }),
	},
	pair(mapCols("requestParameters", pEvent, func(e *Event) Map { return e.RequestParameters })),
	pair(mapCols("responseElements", pEvent, func(e *Event) Map { return e.ResponseElements })),
	pair(mapCols("additionalEventData", pEvent, func(e *Event) Map { return e.AdditionalEventData })),
	[]leaf{
		col("requestID", func(e *Event) string { return e.RequestID }),
		{"eventID", func(b *leafBuf, evs []*Event) { // required
			for _, e := range evs {
				b.strs = append(b.strs, bytesOf(e.EventID))
			}
		}},
		optBool("readOnly", func(e *Event) OptBool { return e.ReadOnly }),
		resourceCol("accountId", func(r *Resource) string { return r.AccountID }),
		resourceCol("type", func(r *Resource) string { return r.Type }),
		resourceCol("ARN", func(r *Resource) string { return r.ARN }),
		resourceCol("arnPrefix", func(r *Resource) string { return r.ARNPrefix }),
		col("eventType", func(e *Event) string { return e.EventType }),
		col("apiVersion", func(e *Event) string { return e.APIVersion }),
		optBool("managementEvent", func(e *Event) OptBool { return e.ManagementEvent }),
		col("recipientAccountId", func(e *Event) string { return e.RecipientAccountID }),
	},
	pair(mapCols("serviceEventDetails", pEvent, func(e *Event) Map { return e.ServiceEventDetails })),
	[]leaf{
		col("sharedEventID", func(e *Event) string { return e.SharedEventID }),
		col("annotation", func(e *Event) string { return e.Annotation }),
		col("vpcEndpointId", func(e *Event) string { return e.VpcEndpointID }),
		col("vpcEndpointAccountId", func(e *Event) string { return e.VpcEndpointAccountID }),
		col("eventCategory", func(e *Event) string { return e.EventCategory }),
	},
	pair(mapCols("addendum", pEvent, func(e *Event) Map { return e.Addendum })),
	one(col("sessionCredentialFromConsole", func(e *Event) string { return e.SessionCredentialFromConsole })),
	pair(mapCols("edgeDeviceDetails", pEvent, func(e *Event) Map { return e.EdgeDeviceDetails })),
	[]leaf{
		optStr("tlsDetails.tlsVersion", pTLS, func(t *TLSDetails) string { return t.TLSVersion }),
		optStr("tlsDetails.cipherSuite", pTLS, func(t *TLSDetails) string { return t.CipherSuite }),
		optStr("tlsDetails.clientProvidedHostHeader", pTLS, func(t *TLSDetails) string { return t.ClientProvidedHostHeader }),
	},
	pair(mapCols("insightDetails", pEvent, func(e *Event) Map { return e.InsightDetails })),
	[]leaf{
		{"eventJson", func(b *leafBuf, evs []*Event) { // nullable in the schema, always present
			for _, e := range evs {
				b.def = append(b.def, 1)
				b.strs = append(b.strs, bytesOf(e.EventJSON))
			}
		}},
		col("eventJsonChecksum", func(e *Event) string { return e.EventJSONChecksum }),
	},
)
