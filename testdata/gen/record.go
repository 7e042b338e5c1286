package gen

import "strconv"

// ev is the state of the record being written. One ev per worker: it is reset per event
// and its buffers are reused, so the hot path does not allocate.
type ev struct {
	b      []byte // the output: records of the current file
	r      *rng
	p      *population
	g      *regionRes
	region string
	home   bool
	t      int64 // eventTime, unix seconds
	a      *actor
	api    *api

	failed  bool
	errCode string
	msg     []byte
	console bool // made from the AWS console: session credentials, console user agent
	viaVPCE bool
	tlsVer  string
	cipher  string
	reqID   []byte
	host    []byte // clientProvidedHostHeader override set by a builder

	// Scratch the builders of one event share (request → response → resources).
	bkt  *bucket
	key  string
	inst string
	name string
	id   []byte
	n    int
}

const (
	b64Set   = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	tls13    = "TLSv1.3"
	tls12    = "TLSv1.2"
	cs13     = "TLS_AES_128_GCM_SHA256"
	cs12     = "ECDHE-RSA-AES128-GCM-SHA256"
	csLegacy = "ECDHE-RSA-AES128-SHA"
)

// event appends one complete record for e.a calling e.api at e.t.
func (e *ev) event() {
	r, a, api := e.r, e.a, e.api
	e.failed, e.errCode, e.msg, e.host = false, "", e.msg[:0], e.host[:0]
	e.bkt, e.key, e.inst, e.name, e.id, e.n = nil, "", "", "", e.id[:0], 0
	e.console = a.human && api.kind != kindSignIn && a.kind != idIdentityCenter && r.chance(a.console)
	e.viaVPCE = api.kind == kindNetwork || (api.svc.vpce && a.vpce > 0 && r.chance(a.vpce))
	e.pickTLS()
	if api.svc.s3ID {
		e.reqID = r.appendChars(e.reqID[:0], upperAlnum, 16)
	} else {
		e.reqID = r.appendUUID(e.reqID[:0])
	}
	e.pickError()

	b := append(e.b, `{"eventVersion":"`...)
	b = append(b, api.svc.version...)
	b = append(b, `","userIdentity":`...)
	e.b = b
	e.identity()
	b = append(e.b, `,"eventTime":"`...)
	b = appendTimestamp(b, e.t)
	b = append(b, `","eventSource":"`...)
	b = append(b, api.svc.source...)
	b = append(b, `","eventName":"`...)
	b = append(b, api.name...)
	b = append(b, `","awsRegion":"`...)
	b = append(b, e.region...)
	b = append(b, `","sourceIPAddress":"`...)
	b = e.appendSourceIP(b)
	b = append(b, `","userAgent":`...)
	b = e.appendUserAgent(b)
	if e.errCode != "" {
		b = append(b, `,"errorCode":"`...)
		b = append(b, e.errCode...)
		b = append(b, '"')
	}
	if len(e.msg) > 0 {
		b = append(b, `,"errorMessage":`...)
		b = appendJSONString(b, e.msg)
	}
	e.b = append(b, `,"requestParameters":`...)
	e.value(api.req, api.reqs)
	e.b = append(e.b, `,"responseElements":`...)
	if e.failed && api.kind != kindSignIn {
		e.b = append(e.b, "null"...)
	} else {
		e.value(api.resp, nil)
	}
	if api.extra != nil {
		e.b = append(e.b, `,"additionalEventData":`...)
		api.extra(e)
	}
	b = e.b
	if !api.noRequestID {
		b = append(b, `,"requestID":"`...)
		b = append(b, e.reqID...)
		b = append(b, '"')
	}
	b = append(b, `,"eventID":"`...)
	b = r.appendUUID(b)
	b = append(b, `","readOnly":`...)
	b = strconv.AppendBool(b, api.read)
	if api.res != nil {
		e.b = append(b, `,"resources":`...)
		api.res(e)
		b = e.b
	}
	b = append(b, `,"eventType":"`...)
	b = append(b, eventTypes[api.kind]...)
	b = append(b, '"')
	if api.svc.apiVersion != "" && api.kind != kindSignIn {
		b = append(b, `,"apiVersion":"`...)
		b = append(b, api.svc.apiVersion...)
		b = append(b, '"')
	}
	b = append(b, `,"managementEvent":`...)
	b = strconv.AppendBool(b, api.kind != kindData && api.kind != kindNetwork)
	b = append(b, `,"recipientAccountId":"`...)
	b = append(b, e.p.account...)
	b = append(b, '"')
	if api.detail != nil {
		e.b = append(b, `,"serviceEventDetails":`...)
		api.detail(e)
		b = e.b
	}
	if a.account != e.p.account {
		b = append(b, `,"sharedEventID":"`...)
		b = r.appendUUID(b)
		b = append(b, '"')
	}
	if e.viaVPCE {
		b = append(b, `,"vpcEndpointId":"vpce-0`...)
		h := rng{s: hash2(hashString(e.region), hashString(api.svc.source))}
		b = h.appendChars(b, lowerHex, 16)
		b = append(b, '"')
		if api.kind == kindNetwork {
			b = append(b, `,"vpcEndpointAccountId":"`...)
			b = append(b, e.p.account...)
			b = append(b, '"')
		}
	}
	b = append(b, `,"eventCategory":"`...)
	b = append(b, categories[api.kind]...)
	b = append(b, '"')
	if e.tlsVer != "" {
		b = append(b, `,"tlsDetails":{"tlsVersion":"`...)
		b = append(b, e.tlsVer...)
		b = append(b, `","cipherSuite":"`...)
		b = append(b, e.cipher...)
		b = append(b, `","clientProvidedHostHeader":"`...)
		b = e.appendHost(b)
		b = append(b, `"}`...)
	}
	if e.console {
		b = append(b, `,"sessionCredentialFromConsole":"true"`...)
	}
	e.b = append(b, '}')
}

var (
	eventTypes = [...]string{kindAPI: "AwsApiCall", kindData: "AwsApiCall", kindSignIn: "AwsConsoleSignIn",
		kindServiceEvent: "AwsServiceEvent", kindNetwork: "AwsVpceEvent"}
	categories = [...]string{kindAPI: "Management", kindData: "Data", kindSignIn: "Management",
		kindServiceEvent: "Management", kindNetwork: "NetworkActivity"}
)

// value writes one builder value, a random pre-encoded choice, or null.
func (e *ev) value(f builder, choices []string) {
	switch {
	case f != nil:
		f(e)
	case len(choices) == 1:
		e.b = append(e.b, choices[0]...)
	case len(choices) > 1:
		e.b = append(e.b, choices[e.r.intn(len(choices))]...)
	default:
		e.b = append(e.b, "null"...)
	}
}

func (e *ev) pickTLS() {
	e.tlsVer, e.cipher = "", ""
	if e.api.kind == kindServiceEvent {
		return
	}
	x := e.r.float()
	switch e.a.tls {
	case tlsNone:
		return
	case tlsModern:
		if x < 0.65 {
			e.tlsVer, e.cipher = tls13, cs13
			return
		}
	case tlsSDK:
		if x < 0.15 {
			e.tlsVer, e.cipher = tls13, cs13
			return
		}
	case tlsLegacy:
		if x < 0.6 {
			e.tlsVer, e.cipher = "TLSv1", csLegacy
		} else {
			e.tlsVer, e.cipher = "TLSv1.1", csLegacy
		}
		return
	}
	e.tlsVer, e.cipher = tls12, cs12
}

func (e *ev) appendHost(b []byte) []byte {
	if len(e.host) > 0 {
		return append(b, e.host...)
	}
	svc := e.api.svc
	b = append(b, svc.host...)
	if !svc.global {
		b = append(b, '.')
		b = append(b, e.region...)
	}
	return append(b, ".amazonaws.com"...)
}

// identity writes userIdentity. The shape depends on the caller and on how it authenticated:
// a console sign-in carries no key, console calls use session credentials with a
// sessionContext, scripts of IAM users use their long-term key.
func (e *ev) identity() {
	a := e.a
	b := append(e.b, a.idHead...)
	switch a.kind {
	case idIAMUser, idRoot:
		switch {
		case e.api.kind == kindSignIn:
			if e.failed && a.kind == idIAMUser {
				b = append(b, `,"accessKeyId":""`...)
			}
			b = e.appendUserName(b)
		case e.console || a.accessKey == "":
			b = e.appendSessionKey(b)
			b = e.appendUserName(b)
			b = e.appendSessionContext(b, a.mfa)
		default:
			b = append(b, `,"accessKeyId":"`...)
			b = append(b, a.accessKey...)
			b = append(b, '"')
			b = e.appendUserName(b)
		}
	case idAssumedRole:
		if e.api.kind != kindSignIn {
			b = e.appendSessionKey(b)
		}
		b = e.appendSessionContext(b, a.mfa && e.console)
	}
	b = append(b, a.idTail...)
	e.b = append(b, '}')
}

func (e *ev) appendUserName(b []byte) []byte {
	if e.a.kind != idIAMUser {
		return b
	}
	b = append(b, `,"userName":"`...)
	b = append(b, e.a.name...)
	return append(b, '"')
}

// sessionSeed identifies the actor's credentials of the current hour: the same temporary key
// and creationDate recur for an hour, as real sessions do.
func (e *ev) sessionSeed() uint64 { return hash2(e.a.seq, uint64(e.t/3600)) }

func (e *ev) appendSessionKey(b []byte) []byte {
	b = append(b, `,"accessKeyId":"ASIA`...)
	h := rng{s: e.sessionSeed()}
	b = h.appendChars(b, upperAlnum, 16)
	return append(b, '"')
}

func (e *ev) appendSessionContext(b []byte, mfa bool) []byte {
	b = append(b, `,"sessionContext":{`...)
	b = append(b, e.a.idCtx...)
	b = append(b, `,"attributes":{"creationDate":"`...)
	start := e.t - e.t%3600 + int64(e.sessionSeed()%900)
	if start > e.t {
		start -= 3600
	}
	b = appendTimestamp(b, start)
	if mfa {
		b = append(b, `","mfaAuthenticated":"true"}`...)
	} else {
		b = append(b, `","mfaAuthenticated":"false"}`...)
	}
	if e.a.ec2Role {
		b = append(b, `,"ec2RoleDelivery":"2.0"`...)
	}
	return append(b, '}')
}

func (e *ev) appendSourceIP(b []byte) []byte {
	a := e.a
	switch {
	case a.ipMode == ipService:
		return append(b, a.invokedBy...)
	case e.viaVPCE:
		b = append(b, "10.0."...)
		b = strconv.AppendInt(b, int64(e.r.intn(64)), 10)
		b = append(b, '.')
		return strconv.AppendInt(b, int64(2+e.r.intn(250)), 10)
	case a.ipMode == ipAWS:
		b = append(b, awsPrefixes[e.r.intn(len(awsPrefixes))]...)
		b = strconv.AppendInt(b, int64(e.r.intn(256)), 10)
		b = append(b, '.')
		b = strconv.AppendInt(b, int64(e.r.intn(256)), 10)
		b = append(b, '.')
		return strconv.AppendInt(b, int64(1+e.r.intn(254)), 10)
	}
	return append(b, a.ips[a.ipPick.pick(e.r)]...)
}

// awsPrefixes are first octets of EC2 public ranges in us-east-1.
var awsPrefixes = []string{"3.", "18.", "34.", "44.", "52.", "54."}

func (e *ev) appendUserAgent(b []byte) []byte {
	a, api := e.a, e.api
	var ua string
	switch {
	case api.kind == kindSignIn, a.kind == idIdentityCenter:
		ua = browsers[a.seq%uint64(len(browsers))]
	case e.console:
		switch {
		case api.svc == svcEC2:
			ua = uaEC2Console
		case api.svc == svcS3:
			ua = uaS3Console
		case e.r.intn(2) == 0:
			ua = uaConsole
		default:
			ua = uaInternal
		}
	case a.ipMode == ipService:
		ua = a.invokedBy
	default:
		ua = a.uas[a.uaPick.pick(e.r)]
		if api.svc == svcS3 {
			b = append(b, `"[`...)
			b = append(b, ua...)
			return append(b, `]"`...)
		}
	}
	return appendJSONString(b, ua)
}

// pickError decides whether the call fails: first the API's own errors, then authorization
// failures (mostly people trying writes) and throttling (mostly automation).
func (e *ev) pickError() {
	api, a, r := e.api, e.a, e.r
	if api.outcome != nil {
		api.outcome(e)
		return
	}
	for i := range api.errs {
		if er := &api.errs[i]; r.chance(er.p) {
			e.fail(er.code, er.msg)
			return
		}
	}
	if api.kind != kindAPI && api.kind != kindData {
		return
	}
	var deny float64
	switch {
	case a.human && api.read:
		deny = 0.004
	case a.human:
		deny = 0.04 + a.denyWrite
	case a.kind == idIAMUser || a.kind == idAssumedRole:
		deny = 0.006
	}
	if deny > 0 && r.chance(deny) {
		e.deny()
		return
	}
	if api.read && !a.human && a.kind != idAWSService && api.svc.throttle.code != "" && r.chance(0.012) {
		e.fail(api.svc.throttle.code, api.svc.throttle.msg)
	}
}

func (e *ev) fail(code, msg string) {
	e.failed, e.errCode = true, code
	e.msg = append(e.msg[:0], msg...)
}

// deny fails the call with the service's authorization error and a message naming the caller.
func (e *ev) deny() {
	svc := e.api.svc
	e.failed, e.errCode = true, svc.denyCode
	m := e.msg[:0]
	switch svc {
	case svcS3:
		e.msg = append(m, "Access Denied"...)
		return
	case svcEC2:
		if e.r.intn(5) == 0 {
			e.errCode = "UnauthorizedOperation"
		}
		m = append(m, "You are not authorized to perform this operation. "...)
	}
	m = append(m, "User: "...)
	if e.a.arn != "" {
		m = append(m, e.a.arn...)
	} else {
		m = append(m, "arn:aws:iam::"...)
		m = append(m, e.a.account...)
		m = append(m, ":root"...)
	}
	m = append(m, " is not authorized to perform: "...)
	m = append(m, svc.iamPrefix...)
	m = append(m, ':')
	m = append(m, e.api.iamAction()...)
	m = append(m, " on resource: arn:aws:"...)
	m = append(m, svc.iamPrefix...)
	m = append(m, ':')
	if !svc.global {
		m = append(m, e.region...)
	}
	m = append(m, ':')
	m = append(m, e.p.account...)
	m = append(m, ":* because no identity-based policy allows the "...)
	m = append(m, svc.iamPrefix...)
	m = append(m, ':')
	m = append(m, e.api.iamAction()...)
	m = append(m, " action"...)
	if svc == svcEC2 {
		m = append(m, ". Encoded authorization failure message: "...)
		m = e.r.appendChars(m, b64Set, 96)
	}
	e.msg = m
}
