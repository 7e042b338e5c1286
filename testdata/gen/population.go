package gen

import (
	"fmt"
	"strings"
)

// The population is the fixed cast of an account: who calls (actors), from where, with which
// tools, and on what (resources). It depends only on the account ID and the region list, never
// on Config.Seed, so names that tests and sample queries look for (user "bob", session
// "alice@example.com", bucket "target-s3-bucket", key AKIAIOSFODNN7EXAMPLE, IP 192.0.2.76, role
// arn:aws:iam::555555555555:role/alice …) exist for every seed.

type idKind uint8

const (
	idIAMUser idKind = iota
	idAssumedRole
	idAWSService
	idRoot
	idIdentityCenter // an IAM Identity Center user on the access portal ("Unknown")
	idInternal       // AWS acting on its own ({"accountId", "invokedBy":"AWS Internal"})
)

type ipMode uint8

const (
	ipList    ipMode = iota // one of the actor's own addresses
	ipAWS                   // a fresh address in AWS ranges per call (Lambda, CI runners)
	ipService               // the calling service's name, as CloudTrail writes it
)

type tlsProfile uint8

const (
	tlsModern tlsProfile = iota // mostly TLS 1.3
	tlsSDK                      // mostly TLS 1.2
	tlsLegacy                   // TLS 1.0 / 1.1: old SDKs the tls-version sample queries hunt for
	tlsNone                     // service-to-service calls carry no tlsDetails
)

type role struct {
	name, id, arn, account string
}

// actor is one calling principal with its habits. Pre-rendered identity JSON keeps the hot
// path to a few appends.
type actor struct {
	kind      idKind
	human     bool
	name      string // userName, role session name or service principal
	role      *role
	account   string
	principal string
	arn       string
	accessKey string // long-term AKIA key of an IAM user ("" = sessions only)
	invokedBy string
	profile   *profile
	ipMode    ipMode
	ips       []string
	ipPick    alias
	uas       []string
	uaPick    alias
	console   float64 // share of calls made from the AWS console
	mfa       bool    // console sessions are MFA authenticated
	loginFail float64 // share of ConsoleLogin attempts that fail
	denyWrite float64 // extra share of write calls denied (a read-only role trying to write)
	tls       tlsProfile
	vpce      float64 // share of calls through an interface VPC endpoint (private source IP)
	ec2Role   bool    // instance-profile credentials (sessionContext.ec2RoleDelivery)
	seq       uint64  // salts derived session keys

	idHead string // `{"type":…,"accountId":"…"` (no accessKeyId, no closing brace)
	idCtx  string // `"sessionIssuer":{…},"webIdFederationData":{…}`
	idTail string // `,"invokedBy":"…"` or ""
}

type bucket struct {
	name       string
	aclRequire bool // legacy ACL-based access (additionalEventData.aclRequired)
	keys       []string
	keyPick    alias
}

// regionRes holds the resources that live in one region.
type regionRes struct {
	name      string
	azs       []string
	instances []string
	instPick  alias
	sgs       []string
	vpcs      []string
	subnets   []string
	amis      []string
	volumes   []string
	buckets   []*bucket
	bktPick   alias
	keys      []string // KMS key ARNs
	keyPick   alias
	functions []string // Lambda function names
	fnPick    alias
	tables    []string
	tblPick   alias
	secrets   []string // secret ARNs
	params    []string
	logGroups []string
	eds       string // CloudTrail Lake event data store ID
}

type population struct {
	account string
	home    string
	roles   map[string]*role
	humans  []*actor
	humPick alias
	auto    []*actor
	autoPck alias
	recon   []*actor // who shows up in a rare region
	regions []*regionRes
	users   []string // IAM user names that admin calls act on
	cat     *catalog
}

// actorSpec is one row of the cast table below.
type actorSpec struct {
	kind      idKind
	name      string
	role      string // for AssumedRole: the issuing role
	account   string // "" = the trail's account
	profile   string
	weight    float64
	human     bool
	ips       []string
	ipMode    ipMode
	uas       []string
	console   float64
	mfa       bool
	loginFail float64
	denyWrite float64
	accessKey string
	invokedBy string
	tls       tlsProfile
	vpce      float64
	ec2Role   bool
	webIdP    string
	recon     bool
}

const (
	uaCLI2       = "aws-cli/2.15.30 Python/3.11.8 Darwin/23.3.0 exe/x86_64 prompt/off"
	uaCLI2Linux  = "aws-cli/2.13.0 Python/3.11.4 Linux/5.10.0-1234-aws exe/x86_64.ubuntu.22"
	uaCLI1       = "aws-cli/1.29.62 Python/3.9.16 Linux/6.1.61-85.141.amzn2023.x86_64 botocore/1.31.62"
	uaBoto3      = "Boto3/1.34.49 md/Botocore#1.34.49 ua/2.0 os/linux#6.5.0-1014-aws md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.49"
	uaBoto3Mac   = "Boto3/1.28.57 Python/3.11.6 Darwin/23.1.0 Botocore/1.31.57"
	uaBoto3Lmbd  = "Boto3/1.34.42 md/Botocore#1.34.42 ua/2.0 os/linux#5.10.209-219.807.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.2 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.34.42"
	uaNodeLmbd   = "aws-sdk-js/3.496.0 ua/2.0 os/linux#5.10.209-219.807.amzn2.x86_64 lang/js md/nodejs#20.11.0 exec-env/AWS_Lambda_nodejs20.x"
	uaJava       = "aws-sdk-java/2.21.46 Linux/5.10.205-195.807.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.9+8-LTS Java/17.0.9 vendor/Amazon.com_Inc. exec-env/AWS_ECS_EC2 io/sync http/Apache cfg/retry-mode/legacy"
	uaGo         = "aws-sdk-go-v2/1.24.1 os/linux lang/go#1.21.6 md/GOOS#linux md/GOARCH#amd64"
	uaTerraform  = "APN/1.0 HashiCorp/1.0 Terraform/1.7.4 (+https://www.terraform.io) terraform-provider-aws/5.40.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.25.2 os/linux lang/go#1.21.8 md/GOOS#linux md/GOARCH#amd64"
	uaTerraform4 = "APN/1.0 HashiCorp/1.0 Terraform/1.5.7 (+https://www.terraform.io) terraform-provider-aws/4.67.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go/1.44.261 (go1.19.8; linux; amd64) HashiCorp-terraform-exec/0.17.3"
	uaSSMAgent   = "aws-sdk-go/1.44.260 (go1.20.6; linux; amd64) amazon-ssm-agent/3.2.1542.0"
	uaLegacyJava = "aws-sdk-java/1.11.30 Linux/3.10.0-693.el7.x86_64 Java_HotSpot(TM)_64-Bit_Server_VM/25.131-b11/1.8.0_131"
	uaChrome     = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36"
	uaSafari     = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15"
	uaFirefox    = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0"
	uaConsole    = "console.amazonaws.com"
	uaEC2Console = "console.ec2.amazonaws.com"
	uaS3Console  = "[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.488 Linux/5.10.184-153.731.amzn2int.x86_64 OpenJDK_64-Bit_Server_VM/25.372-b08 java/1.8.0_372 vendor/Oracle_Corporation cfg/retry-mode/standard]"
	uaInternal   = "AWS Internal"
)

var browsers = []string{uaChrome, uaSafari, uaFirefox}

// cast lists every actor. Weights are relative within humans and within automation; the
// daily rhythm decides how much of each window is human.
func cast(acct string) []actorSpec {
	cli := []string{uaCLI2, uaCLI2Linux, uaBoto3Mac}
	return []actorSpec{
		// People. IAM users first.
		{kind: idIAMUser, name: "bob", profile: "engineer", weight: 20, human: true, ips: []string{"192.0.2.76", "203.0.113.10", "81.2.69.160"}, uas: []string{uaCLI2, uaBoto3Mac, uaTerraform}, console: 0.3, mfa: true, loginFail: 0.03, accessKey: "AKIAIOSFODNN7EXAMPLE", tls: tlsModern, recon: true},
		{kind: idAssumedRole, name: "Alice", role: "Admin", profile: "admin", weight: 15, human: true, ips: []string{"203.0.113.11", "198.51.100.77"}, uas: cli, console: 0.6, mfa: true, tls: tlsModern},
		{kind: idAssumedRole, name: "alice@example.com", role: "AWSReservedSSO_AdministratorAccess_8e1a4b2c9d0f3e6a", profile: "admin", weight: 12, human: true, ips: []string{"203.0.113.11", "2.125.160.216"}, uas: cli, console: 0.7, tls: tlsModern},
		{kind: idIAMUser, name: "carol", profile: "engineer", weight: 10, human: true, ips: []string{"203.0.113.10", "89.160.20.112"}, uas: cli, console: 0.5, mfa: true, loginFail: 0.02, tls: tlsModern},
		{kind: idAssumedRole, name: "bob@example.com", role: "AWSReservedSSO_ReadOnlyAccess_2f9c7d1e5a3b8c40", profile: "auditor", weight: 8, human: true, ips: []string{"198.51.100.24"}, uas: cli, console: 0.8, denyWrite: 0.9, tls: tlsModern},
		{kind: idAssumedRole, name: "priya@example.com", role: "AWSReservedSSO_PowerUserAccess_61b0e4f7a9d2c35e", profile: "engineer", weight: 8, human: true, ips: []string{"203.0.113.10", "175.16.199.14"}, uas: cli, console: 0.4, tls: tlsModern},
		{kind: idIAMUser, name: "dave", profile: "engineer", weight: 7, human: true, ips: []string{"198.51.100.24", "216.160.83.56"}, uas: []string{uaCLI1, uaBoto3}, console: 0.1, loginFail: 0.05, tls: tlsSDK, recon: true},
		{kind: idIAMUser, name: "mateo", profile: "engineer", weight: 6, human: true, ips: []string{"203.0.113.10"}, uas: cli, console: 0.5, mfa: true, loginFail: 0.02, tls: tlsModern},
		{kind: idIAMUser, name: "test_user", profile: "engineer", weight: 4, human: true, ips: []string{"198.51.100.77"}, uas: cli, console: 0.7, loginFail: 0.08, tls: tlsModern},
		{kind: idAssumedRole, name: "test_user", role: "Admin", profile: "admin", weight: 3, human: true, ips: []string{"198.51.100.77"}, uas: cli, console: 0.7, tls: tlsModern},
		{kind: idIAMUser, name: "anaya", profile: "engineer", weight: 3, human: true, ips: []string{"81.2.69.142"}, uas: cli, console: 0.9, loginFail: 0.04, tls: tlsModern},
		{kind: idIAMUser, name: "echo", profile: "engineer", weight: 2, human: true, ips: []string{"12.34.56.89"}, uas: cli, console: 0.9, loginFail: 0.45, tls: tlsModern, recon: true},
		{kind: idIdentityCenter, name: "alice@example.com", profile: "portal", weight: 1.5, human: true, ips: []string{"203.0.113.11", "2.125.160.216"}, tls: tlsModern},
		{kind: idIdentityCenter, name: "priya@example.com", profile: "portal", weight: 1, human: true, ips: []string{"203.0.113.10"}, tls: tlsModern},
		{kind: idRoot, name: "root", profile: "root", weight: 0.3, human: true, ips: []string{"192.0.2.76"}, uas: cli, console: 0.9, mfa: true, loginFail: 0.05, tls: tlsModern},

		// Automation: CI/CD.
		{kind: idIAMUser, name: "terraform", profile: "ci", weight: 4, ipMode: ipAWS, uas: []string{uaTerraform, uaTerraform4}, tls: tlsSDK},
		{kind: idIAMUser, name: "deploy-bot", profile: "ci", weight: 2, ips: []string{"198.51.100.200", "198.51.100.201"}, uas: []string{uaBoto3}, tls: tlsSDK},
		{kind: idAssumedRole, name: "GitHubActions", role: "GitHubActionsDeployRole", profile: "ci", weight: 5, ipMode: ipAWS, uas: []string{uaTerraform, uaCLI2Linux}, tls: tlsModern, webIdP: "arn:aws:iam::" + acct + ":oidc-provider/token.actions.githubusercontent.com"},
		{kind: idIAMUser, name: "backup-legacy", profile: "legacy", weight: 1, ips: []string{"198.51.100.99"}, uas: []string{uaLegacyJava}, tls: tlsLegacy},

		// Automation: applications.
		{kind: idAssumedRole, name: "orders-api", role: "orders-api-role", profile: "app", weight: 9, ipMode: ipAWS, uas: []string{uaNodeLmbd}, tls: tlsModern, vpce: 0.2},
		{kind: idAssumedRole, name: "payments-worker", role: "payments-worker-role", profile: "app", weight: 6, ipMode: ipAWS, uas: []string{uaBoto3Lmbd}, tls: tlsModern, vpce: 0.3},
		{kind: idAssumedRole, name: "image-resizer", role: "image-resizer-role", profile: "app", weight: 5, ipMode: ipAWS, uas: []string{uaNodeLmbd}, tls: tlsModern},
		{kind: idAssumedRole, name: "report-generator", role: "report-generator-role", profile: "app", weight: 3, ipMode: ipAWS, uas: []string{uaBoto3Lmbd}, tls: tlsModern},
		{kind: idAssumedRole, name: "i-0a1b2c3d4e5f60718", role: "app-server-role", profile: "app", weight: 8, ips: []string{"54.210.167.204", "10.0.12.31"}, uas: []string{uaJava}, tls: tlsSDK, vpce: 0.4, ec2Role: true},
		{kind: idAssumedRole, name: "i-09f8e7d6c5b4a3921", role: "batch-worker-role", profile: "app", weight: 5, ips: []string{"34.229.80.15", "10.0.44.7"}, uas: []string{uaGo}, tls: tlsSDK, vpce: 0.4, ec2Role: true},
		{kind: idAssumedRole, name: "i-0a1b2c3d4e5f60718", role: "app-server-role", profile: "ssmagent", weight: 9, ips: []string{"54.210.167.204"}, uas: []string{uaSSMAgent}, tls: tlsSDK, ec2Role: true},
		{kind: idAssumedRole, name: "1708435123456789012", role: "FoxTrot-1UQJBODTWZYZ6", profile: "app", weight: 3, ipMode: ipAWS, uas: []string{uaBoto3}, tls: tlsSDK},
		{kind: idAssumedRole, name: "alice", role: "alice", account: "555555555555", profile: "partner", weight: 2, ips: []string{"52.95.110.1", "52.95.110.2"}, uas: []string{uaBoto3}, tls: tlsSDK},

		// Automation: AWS services with service-linked roles.
		{kind: idAssumedRole, name: "AWSConfig-Describe", role: "AWSServiceRoleForConfig", profile: "config", weight: 13, ipMode: ipService, invokedBy: "config.amazonaws.com", tls: tlsNone},
		{kind: idAssumedRole, name: "AutoScaling", role: "AWSServiceRoleForAutoScaling", profile: "autoscaling", weight: 2, ipMode: ipService, invokedBy: "autoscaling.amazonaws.com", tls: tlsNone},
		{kind: idAssumedRole, name: "StateManagerService", role: "AWSServiceRoleForAmazonSSM", profile: "ssmservice", weight: 3, ipMode: ipService, invokedBy: "ssm.amazonaws.com", tls: tlsNone},

		// Automation: AWS services calling as themselves.
		{kind: idAWSService, name: "delivery.logs.amazonaws.com", profile: "logsdelivery", weight: 3, ipMode: ipService, invokedBy: "delivery.logs.amazonaws.com", tls: tlsNone},
		{kind: idAWSService, name: "cloudtrail.amazonaws.com", profile: "trailsvc", weight: 3, ipMode: ipService, invokedBy: "cloudtrail.amazonaws.com", tls: tlsNone},
		{kind: idAWSService, name: "config.amazonaws.com", profile: "configsvc", weight: 2, ipMode: ipService, invokedBy: "config.amazonaws.com", tls: tlsNone},
		{kind: idAWSService, name: "lambda.amazonaws.com", profile: "lambdasvc", weight: 2.5, ipMode: ipService, invokedBy: "lambda.amazonaws.com", tls: tlsNone},
		{kind: idAWSService, name: "ec2.amazonaws.com", profile: "ec2svc", weight: 2, ipMode: ipService, invokedBy: "ec2.amazonaws.com", tls: tlsNone},
		{kind: idAWSService, name: "support.amazonaws.com", profile: "supportsvc", weight: 0.05, ipMode: ipService, invokedBy: "support.amazonaws.com", tls: tlsNone},
		{kind: idInternal, name: "AWS Internal", profile: "internal", weight: 0.3, ipMode: ipService, invokedBy: "AWS Internal", tls: tlsNone},
	}
}

// roleSpecs: name → path. Service-linked roles live under aws-service-role/<service>/.
var roleSpecs = [][2]string{
	{"Admin", "/"},
	{"AWSReservedSSO_AdministratorAccess_8e1a4b2c9d0f3e6a", "/aws-reserved/sso.amazonaws.com/"},
	{"AWSReservedSSO_ReadOnlyAccess_2f9c7d1e5a3b8c40", "/aws-reserved/sso.amazonaws.com/"},
	{"AWSReservedSSO_PowerUserAccess_61b0e4f7a9d2c35e", "/aws-reserved/sso.amazonaws.com/"},
	{"GitHubActionsDeployRole", "/"},
	{"orders-api-role", "/service-role/"},
	{"payments-worker-role", "/service-role/"},
	{"image-resizer-role", "/service-role/"},
	{"report-generator-role", "/service-role/"},
	{"app-server-role", "/"},
	{"batch-worker-role", "/"},
	{"FoxTrot-1UQJBODTWZYZ6", "/"},
	{"OrganizationAccountAccessRole", "/"},
	{"CrossAccountReadOnly", "/"},
	{"AWSServiceRoleForConfig", "/aws-service-role/config.amazonaws.com/"},
	{"AWSServiceRoleForAutoScaling", "/aws-service-role/autoscaling.amazonaws.com/"},
	{"AWSServiceRoleForAmazonSSM", "/aws-service-role/ssm.amazonaws.com/"},
	{"AWSServiceRoleForSupport", "/aws-service-role/support.amazonaws.com/"},
}

// newPopulation builds the cast and resources for an account. It uses its own fixed random
// stream so that it never depends on the generation seed.
func newPopulation(acct string, regions []string, cat *catalog) (*population, error) {
	r := newRng(hash2(0x5eed_c0de, hashString(acct)))
	p := &population{account: acct, home: regions[0], roles: map[string]*role{}, cat: cat}
	for _, rs := range roleSpecs {
		p.roles[rs[0]] = &role{name: rs[0], id: "AROA" + string(r.appendChars(nil, upperAlnum, 17)),
			arn: "arn:aws:iam::" + acct + ":role" + rs[1] + rs[0], account: acct}
	}
	p.roles["alice"] = &role{name: "alice", id: "AROA" + string(r.appendChars(nil, upperAlnum, 17)),
		arn: "arn:aws:iam::555555555555:role/alice", account: "555555555555"}

	var humW, autoW []float64
	for i, s := range cast(acct) {
		a, err := p.newActor(r, s, uint64(i))
		if err != nil {
			return nil, err
		}
		if s.human {
			p.humans, humW = append(p.humans, a), append(humW, s.weight)
		} else {
			p.auto, autoW = append(p.auto, a), append(autoW, s.weight)
		}
		if s.recon {
			p.recon = append(p.recon, a)
		}
	}
	p.humPick, p.autoPck = newAlias(humW), newAlias(autoW)
	for i := range 12 {
		p.users = append(p.users, fmt.Sprintf("contractor-%02d", i+1))
	}
	p.users = append(p.users, "svc-reporting", "svc-etl", "Bob", "ci-temp")
	for _, name := range regions {
		p.regions = append(p.regions, newRegionRes(r, acct, name, name == p.home))
	}
	return p, nil
}

func (p *population) newActor(r *rng, s actorSpec, seq uint64) (*actor, error) {
	acct := p.account
	if s.account != "" {
		acct = s.account
	}
	prof := p.cat.profiles[s.profile]
	if prof == nil {
		return nil, fmt.Errorf("actor %s: unknown profile %q", s.name, s.profile)
	}
	a := &actor{kind: s.kind, human: s.human, name: s.name, account: acct, profile: prof,
		ipMode: s.ipMode, ips: s.ips, uas: s.uas, console: s.console, mfa: s.mfa,
		loginFail: s.loginFail, denyWrite: s.denyWrite, accessKey: s.accessKey,
		invokedBy: s.invokedBy, tls: s.tls, vpce: s.vpce, ec2Role: s.ec2Role, seq: seq}
	if len(a.ips) > 0 {
		a.ipPick = newAlias(zipfWeights(len(a.ips), 1.2))
	} else if a.ipMode == ipList {
		return nil, fmt.Errorf("actor %s: no addresses", s.name)
	}
	if len(a.uas) == 0 {
		a.uas = []string{s.invokedBy}
	}
	a.uaPick = newAlias(zipfWeights(len(a.uas), 1.5))

	var h strings.Builder
	switch s.kind {
	case idIAMUser:
		a.principal = "AIDA" + string(r.appendChars(nil, upperAlnum, 17))
		a.arn = "arn:aws:iam::" + acct + ":user/" + s.name
		if a.accessKey == "" {
			a.accessKey = "AKIA" + string(r.appendChars(nil, upperAlnum, 16))
		}
		fmt.Fprintf(&h, `{"type":"IAMUser","principalId":%q,"arn":%q,"accountId":%q`, a.principal, a.arn, acct)
		a.idCtx = `"sessionIssuer":{},"webIdFederationData":{}`
	case idAssumedRole:
		ro := p.roles[s.role]
		if ro == nil {
			return nil, fmt.Errorf("actor %s: unknown role %q", s.name, s.role)
		}
		a.role = ro
		a.principal = ro.id + ":" + s.name
		a.arn = "arn:aws:sts::" + acct + ":assumed-role/" + ro.name + "/" + s.name
		fmt.Fprintf(&h, `{"type":"AssumedRole","principalId":%q,"arn":%q,"accountId":%q`, a.principal, a.arn, acct)
		web := `{}`
		if s.webIdP != "" {
			web = fmt.Sprintf(`{"federatedProvider":%q,"attributes":{}}`, s.webIdP)
		}
		a.idCtx = fmt.Sprintf(`"sessionIssuer":{"type":"Role","principalId":%q,"arn":%q,"accountId":%q,"userName":%q},"webIdFederationData":%s`,
			ro.id, ro.arn, ro.account, ro.name, web)
	case idRoot:
		a.principal, a.arn = acct, "arn:aws:iam::"+acct+":root"
		fmt.Fprintf(&h, `{"type":"Root","principalId":%q,"arn":%q,"accountId":%q`, a.principal, a.arn, acct)
		a.idCtx = `"sessionIssuer":{},"webIdFederationData":{}`
	case idAWSService:
		h.WriteString(`{"type":"AWSService"`)
	case idIdentityCenter:
		a.principal = "9067" + string(r.appendChars(nil, lowerHex, 6)) + "-" + string(r.appendChars(nil, lowerHex, 8))
		fmt.Fprintf(&h, `{"type":"Unknown","principalId":%q,"accountId":%q,"userName":%q`, a.principal, acct, s.name)
	case idInternal:
		fmt.Fprintf(&h, `{"accountId":%q`, acct)
	}
	a.idHead = h.String()
	if s.invokedBy != "" {
		a.idTail = fmt.Sprintf(`,"invokedBy":%q`, s.invokedBy)
	}
	return a, nil
}

func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * 1099511628211
	}
	return h
}

func hexID(r *rng, prefix string, n int) string {
	return prefix + string(r.appendChars(nil, lowerHex, n))
}

func newRegionRes(r *rng, acct, name string, home bool) *regionRes {
	g := &regionRes{name: name}
	for _, z := range "abcd" {
		g.azs = append(g.azs, name+string(z))
	}
	for range 40 {
		g.instances = append(g.instances, hexID(r, "i-0", 16))
	}
	if home {
		g.instances = append(g.instances, "i-b188560f") // the one a sample query looks up
	}
	g.instPick = newAlias(zipfWeights(len(g.instances), 0.9))
	for range 10 {
		g.sgs = append(g.sgs, hexID(r, "sg-0", 16))
		g.volumes = append(g.volumes, hexID(r, "vol-0", 16))
	}
	for range 3 {
		g.vpcs = append(g.vpcs, hexID(r, "vpc-0", 16))
	}
	for range 6 {
		g.subnets = append(g.subnets, hexID(r, "subnet-0", 16))
	}
	for range 5 {
		g.amis = append(g.amis, hexID(r, "ami-0", 16))
	}

	names := []string{"acme-data-" + name, "acme-logs-" + name}
	if home {
		names = append([]string{"acme-prod-data", "acme-app-assets", "aws-cloudtrail-logs-" + acct + "-ba940dd7",
			"config-bucket-" + acct, "target-s3-bucket", "acme-terraform-state", "my-bucket-name",
			"acme-athena-results-" + acct, "team1-ctrail-multi-region", "demo-20230707", "acme-legacy-uploads",
			"devsupport-prod"}, names...)
	}
	for _, n := range names {
		g.buckets = append(g.buckets, newBucket(r, acct, n))
	}
	g.bktPick = newAlias(zipfWeights(len(g.buckets), 0.8))

	for range 6 {
		g.keys = append(g.keys, "arn:aws:kms:"+name+":"+acct+":key/"+string(r.appendUUID(nil)))
	}
	g.keyPick = newAlias(zipfWeights(len(g.keys), 1.1))
	g.functions = []string{"orders-api", "payments-worker", "image-resizer", "report-generator",
		"auth-authorizer", "cleanup-cron", "kinesis-consumer"}
	g.fnPick = newAlias(zipfWeights(len(g.functions), 1.0))
	g.tables = []string{"orders", "sessions", "users", "inventory", "audit-log"}
	g.tblPick = newAlias(zipfWeights(len(g.tables), 1.0))
	for _, s := range []string{"prod/db/credentials", "prod/api/stripe", "prod/orders/jwt-signing-key", "staging/db/credentials", "rds-db-credentials/cluster-prod-aurora/admin"} {
		g.secrets = append(g.secrets, "arn:aws:secretsmanager:"+name+":"+acct+":secret:"+s+"-"+string(r.appendChars(nil, alnum, 6)))
	}
	g.params = []string{"/prod/db/host", "/prod/db/password", "/prod/app/feature-flags", "/shared/datadog/api-key",
		"/prod/orders/queue-url", "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"}
	g.logGroups = []string{"/aws/lambda/orders-api", "/aws/lambda/payments-worker", "/aws/lambda/image-resizer",
		"/aws/lambda/report-generator", "/ecs/orders-service", "/aws/rds/cluster/prod-aurora/postgresql", "/var/log/messages"}
	g.eds = string(r.appendUUID(nil))
	return g
}

func newBucket(r *rng, acct, name string) *bucket {
	b := &bucket{name: name, aclRequire: name == "acme-legacy-uploads"}
	switch {
	case strings.HasPrefix(name, "aws-cloudtrail-logs-"), name == "team1-ctrail-multi-region":
		for range 8 {
			b.keys = append(b.keys, "AWSLogs/"+acct+"/CloudTrail/us-east-1/"+string(r.appendChars(nil, lowerHex, 8))+".json.gz")
		}
	case strings.HasPrefix(name, "config-bucket-"):
		for range 6 {
			b.keys = append(b.keys, "AWSLogs/"+acct+"/Config/us-east-1/ConfigSnapshot/"+string(r.appendChars(nil, lowerHex, 12))+".json.gz")
		}
	case name == "target-s3-bucket", name == "acme-app-assets", name == "acme-legacy-uploads":
		for range 30 {
			b.keys = append(b.keys, "uploads/"+string(r.appendChars(nil, alnum, 10))+".jpg")
		}
	case name == "acme-terraform-state":
		b.keys = []string{"prod/network/terraform.tfstate", "prod/app/terraform.tfstate", "staging/app/terraform.tfstate"}
	case name == "devsupport-prod":
		b.keys = []string{"rdscr/individual/" + acct, "rdscr/summary/" + acct}
	default:
		for i := range 40 {
			b.keys = append(b.keys, fmt.Sprintf("data/%s/part-%05d.parquet", []string{"orders", "events", "customers", "invoices"}[i%4], i))
		}
		for range 10 {
			b.keys = append(b.keys, "reports/2024/"+string(r.appendChars(nil, lowerHex, 8))+".csv")
		}
	}
	b.keyPick = newAlias(zipfWeights(len(b.keys), 1.0))
	return b
}
