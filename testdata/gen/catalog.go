package gen

import (
	"fmt"
	"strings"
)

// The catalog describes the API calls the generator can emit: one api per (service, call),
// each with a small builder for its requestParameters, responseElements, additionalEventData
// and resources. Profiles (profiles.go) weight subsets of it per kind of caller.

type kind uint8

const (
	kindAPI          kind = iota // management AwsApiCall
	kindData                     // data event: managementEvent false, eventCategory Data
	kindSignIn                   // AwsConsoleSignIn
	kindServiceEvent             // AwsServiceEvent
	kindNetwork                  // NetworkActivity AwsVpceEvent
)

// service is an eventSource and what its calls share.
type service struct {
	source     string // eventSource
	host       string // endpoint prefix: host.<region>.amazonaws.com, or host.amazonaws.com if global
	global     bool   // logged in the home region only (IAM, Identity Center)
	version    string // eventVersion
	apiVersion string // apiVersion field, "" = absent
	iamPrefix  string // service prefix of IAM actions, for AccessDenied messages
	denyCode   string // errorCode of an authorization failure
	throttle   apiErr
	vpce       bool // has an interface VPC endpoint
	s3ID       bool // 16-character S3 style requestID
}

// apiErr is an error an API returns with probability p per call.
type apiErr struct {
	code, msg string
	p         float64
}

type builder func(e *ev)

type api struct {
	svc  *service
	name string
	read bool
	kind kind
	errs []apiErr
	// Builders write one JSON value each. req falls back to reqs (a random pre-encoded
	// choice), both fall back to null; resp is not called when the call failed.
	req, resp          builder
	reqs               []string
	extra, res, detail builder // additionalEventData, resources, serviceEventDetails; nil = absent
	// outcome, when set, decides success or failure instead of errs and the generic
	// authorization and throttling failures.
	outcome     builder
	noRequestID bool
	action      string // IAM action name when it differs from name (Lambda's dated names)
}

type catalog struct {
	apis     map[string]*api
	profiles map[string]*profile
}

// profile is a weighted choice of APIs for one kind of caller. away excludes global services,
// for calls logged outside the home region.
type profile struct {
	name     string
	home     []*api
	homePick alias
	away     []*api
	awayPick alias
}

func (p *profile) pick(r *rng, home bool) *api {
	if home || len(p.away) == 0 {
		return p.home[p.homePick.pick(r)]
	}
	return p.away[p.awayPick.pick(r)]
}

func (c *catalog) add(key string, a *api) {
	if _, dup := c.apis[key]; dup {
		panic("gen: duplicate api " + key)
	}
	if i := strings.IndexByte(key, '#'); i >= 0 && a.name == "" {
		a.name = key[strings.IndexByte(key, ':')+1 : i]
	}
	c.apis[key] = a
}

var (
	svcEC2 = &service{source: "ec2.amazonaws.com", host: "ec2", version: "1.09", iamPrefix: "ec2",
		denyCode: "Client.UnauthorizedOperation", throttle: apiErr{code: "Client.RequestLimitExceeded", msg: "Request limit exceeded."}}
	svcS3 = &service{source: "s3.amazonaws.com", host: "s3", version: "1.09", iamPrefix: "s3", denyCode: "AccessDenied",
		throttle: apiErr{code: "SlowDown", msg: "Please reduce your request rate."}, vpce: true, s3ID: true}
	svcIAM = &service{source: "iam.amazonaws.com", host: "iam", global: true, version: "1.08", iamPrefix: "iam",
		denyCode: "AccessDenied", throttle: apiErr{code: "Throttling", msg: "Rate exceeded"}}
	svcSTS = &service{source: "sts.amazonaws.com", host: "sts", version: "1.08", iamPrefix: "sts", denyCode: "AccessDenied",
		throttle: apiErr{code: "Throttling", msg: "Rate exceeded"}, vpce: true}
	svcSignin = &service{source: "signin.amazonaws.com", host: "signin", version: "1.08"}
	svcSSO    = &service{source: "sso.amazonaws.com", host: "portal.sso", global: true, version: "1.08"}
	svcKMS    = &service{source: "kms.amazonaws.com", host: "kms", version: "1.08", iamPrefix: "kms", denyCode: "AccessDeniedException",
		throttle: apiErr{code: "ThrottlingException", msg: "Rate exceeded"}, vpce: true}
	svcLambda = &service{source: "lambda.amazonaws.com", host: "lambda", version: "1.08", apiVersion: "2015-03-31", iamPrefix: "lambda",
		denyCode: "AccessDeniedException", throttle: apiErr{code: "TooManyRequestsException", msg: "Rate Exceeded."}}
	svcLogs = &service{source: "logs.amazonaws.com", host: "logs", version: "1.08", apiVersion: "20140328", iamPrefix: "logs",
		denyCode: "AccessDeniedException", throttle: apiErr{code: "ThrottlingException", msg: "Rate exceeded"}, vpce: true}
	svcTrail = &service{source: "cloudtrail.amazonaws.com", host: "cloudtrail", version: "1.08", iamPrefix: "cloudtrail",
		denyCode: "AccessDeniedException", throttle: apiErr{code: "ThrottlingException", msg: "Rate exceeded"}}
	svcCW = &service{source: "monitoring.amazonaws.com", host: "monitoring", version: "1.08", iamPrefix: "cloudwatch",
		denyCode: "AccessDenied", throttle: apiErr{code: "Throttling", msg: "Rate exceeded"}}
	svcSSM = &service{source: "ssm.amazonaws.com", host: "ssm", version: "1.08", iamPrefix: "ssm", denyCode: "AccessDeniedException",
		throttle: apiErr{code: "ThrottlingException", msg: "Rate exceeded"}, vpce: true}
	svcSecrets = &service{source: "secretsmanager.amazonaws.com", host: "secretsmanager", version: "1.08", iamPrefix: "secretsmanager",
		denyCode: "AccessDeniedException", throttle: apiErr{code: "ThrottlingException", msg: "Rate exceeded"}, vpce: true}
	svcDynamo = &service{source: "dynamodb.amazonaws.com", host: "dynamodb", version: "1.08", apiVersion: "2012-08-10", iamPrefix: "dynamodb",
		denyCode: "AccessDeniedException", vpce: true, throttle: apiErr{code: "ProvisionedThroughputExceededException",
			msg: "The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API."}}
	svcRDS = &service{source: "rds.amazonaws.com", host: "rds", version: "1.08", apiVersion: "2014-10-31", iamPrefix: "rds",
		denyCode: "AccessDenied", throttle: apiErr{code: "Throttling", msg: "Rate exceeded"}}
)

// newCatalog assembles every API and profile. It is cheap and built once per Generate.
func newCatalog() (*catalog, error) {
	c := &catalog{apis: map[string]*api{}, profiles: map[string]*profile{}}
	addEC2(c)
	addS3(c)
	addIdentity(c)
	addCompute(c)
	addSecurity(c)
	addOps(c)
	for name, spec := range profileSpecs() {
		p := &profile{name: name}
		var hw, aw []float64
		for _, e := range spec {
			a := c.apis[e.api]
			if a == nil {
				return nil, fmt.Errorf("profile %s: unknown api %q", name, e.api)
			}
			p.home, hw = append(p.home, a), append(hw, e.w)
			if !a.svc.global {
				p.away, aw = append(p.away, a), append(aw, e.w)
			}
		}
		p.homePick = newAlias(hw)
		if len(aw) > 0 {
			p.awayPick = newAlias(aw)
		}
		c.profiles[name] = p
	}
	return c, nil
}

// iamAction is the action name used in authorization messages.
func (a *api) iamAction() string {
	if a.action != "" {
		return a.action
	}
	return a.name
}
