package anomaly

import (
	"fmt"
	"github.com/ctlake/ctlake/testdata/gen"
	"strings"
	"time"

	"github.com/valyala/fastjson"
)

// recordMaker writes injected records modelled on a template record: the same caller,
// request and response as a normal call of the API, with a fresh time, IDs and, for error
// bursts, the error. Copying a real record of the series keeps injected events as varied in
// shape as the generator's, so the detector cannot tell them apart by anything but rate.
type recordMaker struct {
	tmpl  *fastjson.Value
	arena fastjson.Arena
	r     *gen.Rand
	buf   []byte
	rank  string // eventTime and eventID of the last record, as CallInfo.sampleRank
}

func newRecordMaker(template []byte, seed uint64) (*recordMaker, error) {
	v, err := fastjson.ParseBytes(template)
	if err != nil {
		return nil, fmt.Errorf("template record: %w", err)
	}
	if v.Type() != fastjson.TypeObject {
		return nil, fmt.Errorf("template record is a %s, not an object", v.Type())
	}
	return &recordMaker{tmpl: v, r: gen.NewRand(seed)}, nil
}

// record returns a new record at t; errorCode "" makes a successful call. The result is a
// fresh slice.
func (m *recordMaker) record(t time.Time, errorCode, errorMessage string) []byte {
	v, a := m.tmpl, &m.arena
	a.Reset()
	t = t.UTC()
	stamp, id := t.Format(time.RFC3339), m.r.AppendUUID(nil)
	m.rank = stamp + string(id)
	v.Set("eventTime", a.NewString(stamp))
	v.Set("eventID", a.NewStringBytes(id))
	if v.Exists("requestID") {
		v.Set("requestID", a.NewStringBytes(m.r.AppendUUID(nil)))
	}
	if v.Exists("sharedEventID") {
		v.Set("sharedEventID", a.NewStringBytes(m.r.AppendUUID(nil)))
	}
	// Temporary credentials are about as old as the call: an hour-long session, not the
	// template's, which may be days earlier.
	if attrs := v.Get("userIdentity", "sessionContext", "attributes"); attrs != nil && attrs.Exists("creationDate") {
		attrs.Set("creationDate", a.NewString(t.Truncate(time.Hour).Format(time.RFC3339)))
	}
	if errorCode == "" {
		v.Del("errorCode")
		v.Del("errorMessage")
	} else {
		v.Set("errorCode", a.NewString(errorCode))
		v.Set("errorMessage", a.NewString(errorMessage))
		v.Set("responseElements", a.NewNull()) // a failed call has no response
	}
	m.buf = v.MarshalTo(m.buf[:0])
	return append([]byte(nil), m.buf...)
}

// errorMessage is the message CloudTrail records with code for a call of c by arn.
func errorMessage(code string, c Call, arn string) string {
	action := strings.TrimSuffix(c.EventSource, ".amazonaws.com") + ":" + c.EventName
	switch {
	case strings.Contains(code, "AccessDenied"), strings.Contains(code, "Unauthorized"):
		if arn == "" {
			arn = "arn:aws:iam::" + c.Account + ":root"
		}
		return fmt.Sprintf("User: %s is not authorized to perform: %s on resource: * because no identity-based policy allows the %s action", arn, action, action)
	case strings.Contains(code, "Throttl"), strings.Contains(code, "LimitExceeded"), code == "SlowDown":
		return "Rate exceeded"
	case strings.Contains(code, "Internal"), strings.Contains(code, "Failure"):
		return "We encountered an internal error. Please try again."
	case strings.Contains(code, "Unavailable"):
		return "Service is unavailable. Please try again later."
	case code == "RegionDisabledException":
		return "STS is not activated in this region for account:" + c.Account + ". Your account administrator can activate STS in this region using the IAM Console."
	default:
		return "The request was rejected: " + code
	}
}

// genericRecord is a plausible record of c made by an automation role, for a call the
// profile holds no sample of.
func genericRecord(c Call, readOnly bool, role, session string) []byte {
	host := strings.TrimSuffix(c.EventSource, ".amazonaws.com") + "." + c.Region + ".amazonaws.com"
	roleID := "AROA" + strings.ToUpper(gen.NewRand(hashString(role)).Chars(upperAlnum, 17))
	return fmt.Appendf(nil, `{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"%[7]s:%[6]s",`+
		`"arn":"arn:aws:sts::%[1]s:assumed-role/%[5]s/%[6]s","accountId":"%[1]s","accessKeyId":"ASIAEXAMPLEINJECTED0",`+
		`"sessionContext":{"sessionIssuer":{"type":"Role","principalId":"%[7]s","arn":"arn:aws:iam::%[1]s:role/%[5]s",`+
		`"accountId":"%[1]s","userName":"%[5]s"},"webIdFederationData":{},"attributes":{"creationDate":"2000-01-01T00:00:00Z","mfaAuthenticated":"false"}}},`+
		`"eventTime":"2000-01-01T00:00:00Z","eventSource":"%[3]s","eventName":"%[4]s","awsRegion":"%[2]s",`+
		`"sourceIPAddress":"3.91.17.204","userAgent":"Boto3/1.34.42 md/Botocore#1.34.42 ua/2.0 os/linux lang/python#3.12.2 exec-env/AWS_Lambda_python3.12",`+
		`"requestParameters":null,"responseElements":null,"requestID":"00000000-0000-4000-8000-000000000000",`+
		`"eventID":"00000000-0000-4000-8000-000000000000","readOnly":%[8]t,"eventType":"AwsApiCall","managementEvent":true,`+
		`"recipientAccountId":"%[1]s","eventCategory":"Management","tlsDetails":{"tlsVersion":"TLSv1.3",`+
		`"cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"%[9]s"}}`,
		c.Account, c.Region, c.EventSource, c.EventName, role, session, roleID, readOnly, host)
}
