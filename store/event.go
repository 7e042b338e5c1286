package store

import "time"

// Event is one CloudTrail event in the Lake schema (../shared/docs/lake-schema.md).
//
// Optional string fields use "" for absent: the writer stores them as NULL, so
// `errorCode IS NULL` holds for an event without an error. Nil pointers, nil maps and a nil
// Resources slice are NULL likewise; a non-nil empty Resources slice is an empty array.
type Event struct {
	EventVersion                 string
	UserIdentity                 *UserIdentity
	EventTime                    time.Time // UTC
	EventSource                  string
	EventName                    string
	AwsRegion                    string
	SourceIPAddress              string
	UserAgent                    string
	ErrorCode                    string
	ErrorMessage                 string
	RequestParameters            Map
	ResponseElements             Map
	AdditionalEventData          Map
	RequestID                    string
	EventID                      string
	ReadOnly                     OptBool
	Resources                    []Resource
	EventType                    string
	APIVersion                   string
	ManagementEvent              OptBool
	RecipientAccountID           string
	ServiceEventDetails          Map
	SharedEventID                string
	Annotation                   string
	VpcEndpointID                string
	VpcEndpointAccountID         string
	EventCategory                string
	Addendum                     Map
	SessionCredentialFromConsole string
	EdgeDeviceDetails            Map
	TLSDetails                   *TLSDetails
	InsightDetails               Map
	// EventJSON is the event exactly as received (the record's bytes).
	EventJSON string
	// EventJSONChecksum is the hex SHA-256 of EventJSON.
	EventJSONChecksum string
}

// Map is a Lake map<string,string> column: nested objects and arrays are kept as their JSON
// text. Entries keep the order of the source document. A nil Map is NULL.
type Map []KV

// KV is one map entry.
type KV struct {
	Key, Value string
	// Null marks a JSON null value (stored as a NULL map value).
	Null bool
}

// Get returns the value for key and whether it is present and not null.
func (m Map) Get(key string) (string, bool) {
	for _, kv := range m {
		if kv.Key == key {
			return kv.Value, !kv.Null
		}
	}
	return "", false
}

// OptBool is a nullable boolean.
type OptBool struct {
	Value, Valid bool
}

// Bool returns a valid OptBool.
func Bool(v bool) OptBool { return OptBool{Value: v, Valid: true} }

// UserIdentity is the userIdentity struct.
type UserIdentity struct {
	Type             string
	PrincipalID      string
	ARN              string
	AccountID        string
	AccessKeyID      string
	UserName         string
	SessionContext   *SessionContext
	InvokedBy        string
	IdentityProvider string
	OnBehalfOf       *OnBehalfOf
	CredentialID     string
}

// SessionContext is userIdentity.sessionContext.
type SessionContext struct {
	Attributes          *SessionAttributes
	SessionIssuer       *SessionIssuer
	WebIDFederationData *WebIDFederationData
	SourceIdentity      string
	EC2RoleDelivery     string
	EC2IssuedInVpc      string
}

// SessionAttributes is userIdentity.sessionContext.attributes.
type SessionAttributes struct {
	CreationDate     time.Time // zero = NULL
	MFAAuthenticated string
}

// SessionIssuer is userIdentity.sessionContext.sessionIssuer.
type SessionIssuer struct {
	Type, PrincipalID, ARN, AccountID, UserName string
}

// WebIDFederationData is userIdentity.sessionContext.webIdFederationData.
type WebIDFederationData struct {
	FederatedProvider string
	Attributes        Map
}

// OnBehalfOf is userIdentity.onBehalfOf.
type OnBehalfOf struct {
	UserID, IdentityStoreArn string
}

// Resource is one element of the resources array.
type Resource struct {
	AccountID, Type, ARN, ARNPrefix string
}

// TLSDetails is the tlsDetails struct.
type TLSDetails struct {
	TLSVersion, CipherSuite, ClientProvidedHostHeader string
}

// Day returns the UTC day partition of the event, "YYYY-MM-DD".
func (e *Event) Day() string { return e.EventTime.UTC().Format("2006-01-02") }
