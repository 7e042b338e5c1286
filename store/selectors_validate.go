package store

import (
	"fmt"
	"unicode/utf8"
)

// ValidateSelectors checks selectors the way CloudTrail Lake does for an event data store. The
// error wraps ErrInvalidSelectors and names the selector (index and Name) and the bad field,
// operator or value. The rules, in the order they are checked:
//
//	R1  there are 1..5 selectors (nil means "use DefaultSelectors" to the caller, not "none").
//	R2  a selector Name is at most 1000 characters.
//	R3  each selector has at least one field selector.
//	R4  each field selector names its Field.
//	R5  each field selector has at least one operator with values, and no operator is an empty list.
//	R6  each value is 1..2048 characters of valid UTF-8. Wildcards are not special: "*" is literal.
//	R7  a Field appears at most once in a selector.
//	R8  eventCategory is required, Equals only, with exactly one value: Management, Data,
//	    NetworkActivity, Insight, ConfigurationItem, ActivityAuditLog or Evidence.
//	R9  each other field must be valid for the selector's category (selRule):
//	      Management: eventSource, eventName, eventType, readOnly, sessionCredentialFromConsole,
//	                  userIdentity.arn;
//	      Data: the Management fields plus resources.type and resources.ARN;
//	      NetworkActivity: eventSource, eventName, errorCode, vpcEndpointId;
//	      Insight, ConfigurationItem, ActivityAuditLog, Evidence: none (eventCategory only).
//	R10 each field takes only its operators: Equals only for eventCategory, readOnly,
//	    resources.type, and for eventSource and errorCode of network activity events;
//	    Equals and NotEquals for sessionCredentialFromConsole; any operator otherwise.
//	R11 restricted values: readOnly is "true" or "false"; resources.type is a known data resource
//	    type (selDataResourceType); a network activity eventSource is a service that logs network
//	    activity events (selNetworkEventSource); a network activity errorCode is VpceAccessDenied.
//	R12 single-valued fields: resources.type and the network activity eventSource take exactly one
//	    value (log more types or sources with more selectors).
//	R13 required fields: resources.type for Data, eventSource for NetworkActivity.
//	R14 one kind of events per store: Management, Data and NetworkActivity selectors may be
//	    combined (CloudTrail events); Insight, ConfigurationItem, ActivityAuditLog and Evidence
//	    selectors may only be combined with selectors of the same category.
//	R15 at most 500 condition values across all selectors and operators.
func ValidateSelectors(sels []AdvancedEventSelector) error {
	// R1
	if len(sels) == 0 {
		return selErr("at least one advanced event selector is required")
	}
	if len(sels) > maxSelectors {
		return selErr("%d advanced event selectors, at most %d are allowed", len(sels), maxSelectors)
	}
	total, first := 0, ""
	for i := range sels {
		s := &sels[i]
		category, n, err := selValidateSelector(s)
		if err != nil {
			return selErr("%s: %v", selLabel(i, s.Name), err)
		}
		total += n
		// R14
		if i == 0 {
			first = category
		} else if selFamily(category) != selFamily(first) {
			return selErr("%s: %s events cannot be combined with %s events (%s) in one event data store",
				selLabel(i, s.Name), category, first, selLabel(0, sels[0].Name))
		}
	}
	// R15
	if total > maxSelectorValues {
		return selErr("%d condition values in all selectors, at most %d are allowed", total, maxSelectorValues)
	}
	return nil
}

// selValidateSelector checks one selector (R2–R13) and returns its category and value count.
func selValidateSelector(s *AdvancedEventSelector) (category string, values int, err error) {
	// R2
	if n := selUTF16Len(s.Name); n > maxSelectorNameLen {
		return "", 0, fmt.Errorf("name is %d characters long, at most %d are allowed", n, maxSelectorNameLen)
	}
	if !utf8.ValidString(s.Name) {
		return "", 0, fmt.Errorf("name is not valid UTF-8")
	}
	// R3
	if len(s.FieldSelectors) == 0 {
		return "", 0, fmt.Errorf("at least one field selector is required")
	}
	catIdx := -1
	for j := range s.FieldSelectors {
		f := &s.FieldSelectors[j]
		// R4
		if f.Field == "" {
			return "", 0, fmt.Errorf("field selector %d: Field is required", j)
		}
		// R5, R6
		n, err := selValidateOperators(f)
		if err != nil {
			return "", 0, err
		}
		values += n
		// R7
		for k := 0; k < j; k++ {
			if s.FieldSelectors[k].Field == f.Field {
				return "", 0, fmt.Errorf("field %q appears more than once (field selectors %d and %d)", f.Field, k, j)
			}
		}
		if f.Field == "eventCategory" {
			catIdx = j
		}
	}
	// R8
	if catIdx < 0 {
		return "", 0, fmt.Errorf("field %q is required", "eventCategory")
	}
	catSel := &s.FieldSelectors[catIdx]
	if err := selCheckOperators(catSel, 1<<selEquals); err != nil {
		return "", 0, err
	}
	if len(catSel.Equals) != 1 {
		return "", 0, fmt.Errorf("field %q: Equals takes exactly one event category, got %d", catSel.Field, len(catSel.Equals))
	}
	category = catSel.Equals[0]
	switch category {
	case catManagement, catData, catNetworkActivity, catInsight, catConfigurationItem, catActivityAuditLog, catEvidence:
	default:
		return "", 0, fmt.Errorf("field %q: %q is not an event category (want one of %s, %s, %s, %s, %s, %s, %s)",
			catSel.Field, selShort(category), catManagement, catData, catNetworkActivity, catInsight,
			catConfigurationItem, catActivityAuditLog, catEvidence)
	}
	seen := uint32(1) << selFEventCategory
	for j := range s.FieldSelectors {
		f := &s.FieldSelectors[j]
		id := selFieldOf(f.Field)
		if id == selFEventCategory {
			continue
		}
		// R9
		rule, ok := selRule(category, id)
		if !ok {
			return "", 0, fmt.Errorf("field %q is not valid for %s events", selShort(f.Field), category)
		}
		seen |= 1 << id
		// R10
		if err := selCheckOperators(f, rule.ops); err != nil {
			return "", 0, err
		}
		// R12
		if rule.oneValue && len(f.Equals) != 1 {
			return "", 0, fmt.Errorf("field %q: Equals takes exactly one value for %s events, got %d (use one selector per value)",
				f.Field, category, len(f.Equals))
		}
		// R11
		if rule.valid != nil {
			for op := selEquals; op < selNumOps; op++ {
				for _, v := range *f.values(op) {
					if !rule.valid(v) {
						return "", 0, fmt.Errorf("field %q: %s value %q is not valid for %s events (%s)",
							f.Field, op, selShort(v), category, rule.want)
					}
				}
			}
		}
	}
	// R13
	for id := selField(1); id < selNumFields; id++ {
		if rule, ok := selRule(category, id); ok && rule.required && seen&(1<<id) == 0 {
			return "", 0, fmt.Errorf("field %q is required for %s events", id, category)
		}
	}
	return category, values, nil
}

// selValidateOperators checks R5 and R6 for one field selector and returns its number of values.
func selValidateOperators(f *FieldSelector) (int, error) {
	n := 0
	for op := selEquals; op < selNumOps; op++ {
		vals := *f.values(op)
		if vals != nil && len(vals) == 0 {
			return 0, fmt.Errorf("field %q: %s has no values", selShort(f.Field), op)
		}
		for k, v := range vals {
			if v == "" {
				return 0, fmt.Errorf("field %q: %s value %d is empty", selShort(f.Field), op, k)
			}
			if l := selUTF16Len(v); l > maxSelectorValLen {
				return 0, fmt.Errorf("field %q: %s value %d is %d characters long, at most %d are allowed",
					selShort(f.Field), op, k, l, maxSelectorValLen)
			}
			if !utf8.ValidString(v) {
				return 0, fmt.Errorf("field %q: %s value %d is not valid UTF-8", selShort(f.Field), op, k)
			}
		}
		n += len(vals)
	}
	if n == 0 {
		return 0, fmt.Errorf("field %q: at least one operator (Equals, StartsWith, EndsWith, NotEquals, NotStartsWith, NotEndsWith) with a value is required",
			selShort(f.Field))
	}
	return n, nil
}

// selCheckOperators reports the first operator of f that is used but not in the allowed set.
func selCheckOperators(f *FieldSelector, allowed uint8) error {
	for op := selEquals; op < selNumOps; op++ {
		if len(*f.values(op)) > 0 && allowed&(1<<op) == 0 {
			if allowed == 1<<selEquals {
				return fmt.Errorf("field %q: only Equals is allowed, not %s", f.Field, op)
			}
			return fmt.Errorf("field %q: operator %s is not allowed", f.Field, op)
		}
	}
	return nil
}

// selFieldRule says how a field may be used in a selector of one category.
type selFieldRule struct {
	ops      uint8             // allowed operators, a bit per selOp
	required bool              // R13
	oneValue bool              // R12: Equals takes exactly one value
	valid    func(string) bool // R11: allowed values; nil: any
	want     string            // what valid accepts, for the error message
}

const (
	selAllOps       = 1<<selNumOps - 1
	selEqualsOnly   = 1 << selEquals
	selEqualsOrNots = 1<<selEquals | 1<<selNotEquals
)

// selRule returns the rule for field id in a selector of the given category, or false when the
// field is not valid there (R9–R13). eventCategory itself is checked by selValidateSelector.
func selRule(category string, id selField) (selFieldRule, bool) {
	switch category {
	case catManagement, catData:
		switch id {
		case selFEventSource, selFEventName, selFEventType, selFUserIdentityARN:
			return selFieldRule{ops: selAllOps}, true
		case selFReadOnly:
			return selFieldRule{ops: selEqualsOnly, valid: selBool, want: `"true" or "false"`}, true
		case selFSessionCredentialFromConsole:
			return selFieldRule{ops: selEqualsOrNots}, true
		case selFResourcesType:
			if category == catData {
				return selFieldRule{ops: selEqualsOnly, required: true, oneValue: true,
					valid: selDataResourceType, want: "a data resource type such as AWS::S3::Object"}, true
			}
		case selFResourcesARN:
			if category == catData {
				return selFieldRule{ops: selAllOps}, true
			}
		}
	case catNetworkActivity:
		switch id {
		case selFEventSource:
			return selFieldRule{ops: selEqualsOnly, required: true, oneValue: true,
				valid: selNetworkEventSource, want: "a service that logs network activity events, such as ec2.amazonaws.com"}, true
		case selFEventName, selFVpcEndpointID:
			return selFieldRule{ops: selAllOps}, true
		case selFErrorCode:
			return selFieldRule{ops: selEqualsOnly, valid: selVpceAccessDenied, want: "VpceAccessDenied"}, true
		}
	}
	// Insight, ConfigurationItem, ActivityAuditLog, Evidence: eventCategory only.
	return selFieldRule{}, false
}

// selFamily groups categories that may share an event data store (R14).
func selFamily(category string) string {
	switch category {
	case catManagement, catData, catNetworkActivity:
		return "CloudTrail"
	}
	return category
}

func selBool(v string) bool             { return v == "true" || v == "false" }
func selVpceAccessDenied(v string) bool { return v == "VpceAccessDenied" }

// selNetworkEventSource reports whether v is a service that logs network activity events.
func selNetworkEventSource(v string) bool {
	switch v {
	case "cloudtrail.amazonaws.com", "ec2.amazonaws.com", "kms.amazonaws.com", "secretsmanager.amazonaws.com":
		return true
	}
	return false
}

// selDataResourceType reports whether v is a resources.type value for data events: the table of
// the CloudTrail user guide (seed 003) and the API model's AdvancedFieldSelector documentation.
// The guide's "AWS::QApps:QApp" is a typo of AWS::QApps::QApp.
func selDataResourceType(v string) bool {
	switch v {
	case "AWS::DynamoDB::Table", "AWS::Lambda::Function", "AWS::S3::Object",
		"AWS::AppConfig::Configuration", "AWS::AppSync::GraphQL", "AWS::B2BI::Transformer",
		"AWS::Bedrock::AgentAlias", "AWS::Bedrock::FlowAlias", "AWS::Bedrock::Guardrail",
		"AWS::Bedrock::InlineAgent", "AWS::Bedrock::KnowledgeBase", "AWS::Bedrock::PromptVersion",
		"AWS::Cassandra::Table", "AWS::CloudFront::KeyValueStore", "AWS::CloudTrail::Channel",
		"AWS::CloudWatch::Metric", "AWS::CodeWhisperer::Customization", "AWS::CodeWhisperer::Profile",
		"AWS::Cognito::IdentityPool", "AWS::DynamoDB::Stream", "AWS::EC2::Snapshot",
		"AWS::EMRWAL::Workspace", "AWS::FinSpace::Environment", "AWS::Glue::Table",
		"AWS::GreengrassV2::ComponentVersion", "AWS::GreengrassV2::Deployment",
		"AWS::GuardDuty::Detector", "AWS::IoT::Certificate", "AWS::IoT::Thing",
		"AWS::IoTSiteWise::Asset", "AWS::IoTSiteWise::TimeSeries", "AWS::IoTTwinMaker::Entity",
		"AWS::IoTTwinMaker::Workspace", "AWS::KendraRanking::ExecutionPlan", "AWS::Kinesis::Stream",
		"AWS::Kinesis::StreamConsumer", "AWS::KinesisVideo::Stream", "AWS::MachineLearning::MlModel",
		"AWS::ManagedBlockchain::Network", "AWS::ManagedBlockchain::Node",
		"AWS::MedicalImaging::Datastore", "AWS::NeptuneGraph::Graph", "AWS::PaymentCryptography::Alias",
		"AWS::PaymentCryptography::Key", "AWS::PCAConnectorAD::Connector",
		"AWS::PCAConnectorSCEP::Connector", "AWS::QApps::QApp", "AWS::QBusiness::Application",
		"AWS::QBusiness::DataSource", "AWS::QBusiness::Index", "AWS::QBusiness::WebExperience",
		"AWS::RDS::DBCluster", "AWS::S3::AccessPoint", "AWS::S3Express::Object",
		"AWS::S3ObjectLambda::AccessPoint", "AWS::S3Outposts::Object", "AWS::SageMaker::Endpoint",
		"AWS::SageMaker::ExperimentTrialComponent", "AWS::SageMaker::FeatureGroup", "AWS::SCN::Instance",
		"AWS::ServiceDiscovery::Namespace", "AWS::ServiceDiscovery::Service",
		"AWS::SNS::PlatformEndpoint", "AWS::SNS::Topic", "AWS::SQS::Queue", "AWS::SSM::ManagedNode",
		"AWS::SSMMessages::ControlChannel", "AWS::StepFunctions::StateMachine", "AWS::SWF::Domain",
		"AWS::ThinClient::Device", "AWS::ThinClient::Environment", "AWS::Timestream::Database",
		"AWS::Timestream::Table", "AWS::VerifiedPermissions::PolicyStore", "AWS::XRay::Trace":
		return true
	}
	return false
}

// selErr returns an error wrapping ErrInvalidSelectors.
func selErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidSelectors, fmt.Sprintf(format, args...))
}

// selLabel names selector i in errors: `selector 0` or `selector 0 ("Log S3")`.
func selLabel(i int, name string) string {
	if name == "" {
		return fmt.Sprintf("selector %d", i)
	}
	return fmt.Sprintf("selector %d (%q)", i, selShort(name))
}

// selShort cuts a user value to a length fit for an error message.
func selShort(s string) string {
	const limit = 80
	if len(s) <= limit {
		return s
	}
	i := limit
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

// selUTF16Len is the length the service measures (Java characters: UTF-16 code units).
func selUTF16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// selOp is an operator of a field selector.
type selOp uint8

const (
	selEquals selOp = iota
	selStartsWith
	selEndsWith
	selNotEquals
	selNotStartsWith
	selNotEndsWith
	selNumOps
)

func (o selOp) String() string {
	if o < selNumOps {
		return [...]string{"Equals", "StartsWith", "EndsWith", "NotEquals", "NotStartsWith", "NotEndsWith"}[o]
	}
	return fmt.Sprintf("selOp(%d)", uint8(o))
}

// values returns the operator's value list of f.
func (f *FieldSelector) values(o selOp) *[]string {
	switch o {
	case selStartsWith:
		return &f.StartsWith
	case selEndsWith:
		return &f.EndsWith
	case selNotEquals:
		return &f.NotEquals
	case selNotStartsWith:
		return &f.NotStartsWith
	case selNotEndsWith:
		return &f.NotEndsWith
	}
	return &f.Equals
}

// selField is a selector field the matcher knows.
type selField uint8

const (
	selFUnknown selField = iota
	selFEventCategory
	selFEventSource
	selFEventName
	selFEventType
	selFReadOnly
	selFSessionCredentialFromConsole
	selFUserIdentityARN
	selFErrorCode
	selFVpcEndpointID
	selFResourcesType
	selFResourcesARN
	selNumFields
)

// selFieldOf maps a Field name (case-sensitive, as CloudTrail spells it) to its selField.
func selFieldOf(name string) selField {
	for id := selFUnknown + 1; id < selNumFields; id++ {
		if id.String() == name {
			return id
		}
	}
	return selFUnknown
}

// String returns the Field name of id.
func (id selField) String() string {
	if id < selNumFields {
		return [...]string{"unknown", "eventCategory", "eventSource", "eventName", "eventType", "readOnly",
			"sessionCredentialFromConsole", "userIdentity.arn", "errorCode", "vpcEndpointId",
			"resources.type", "resources.ARN"}[id]
	}
	return "unknown"
}
