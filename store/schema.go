package store

import "strings"

// Column is one top-level column of an event data store's Parquet files, with its DuckDB type.
type Column struct {
	Name string
	Type string // DuckDB type as DuckDB prints it for the Parquet files ctlake writes
}

const (
	sessionIssuerType  = "STRUCT(\"type\" VARCHAR, principalId VARCHAR, arn VARCHAR, accountId VARCHAR, userName VARCHAR)"
	sessionContextType = "STRUCT(attributes STRUCT(creationDate TIMESTAMP, mfaAuthenticated VARCHAR), " +
		"sessionIssuer " + sessionIssuerType + ", " +
		"webIdFederationData STRUCT(federatedProvider VARCHAR, attributes MAP(VARCHAR, VARCHAR)), " +
		"sourceIdentity VARCHAR, ec2RoleDelivery VARCHAR, ec2IssuedInVpc VARCHAR)"
	userIdentityType = "STRUCT(\"type\" VARCHAR, principalId VARCHAR, arn VARCHAR, accountId VARCHAR, " +
		"accessKeyId VARCHAR, userName VARCHAR, sessionContext " + sessionContextType + ", " +
		"invokedBy VARCHAR, identityProvider VARCHAR, " +
		"onBehalfOf STRUCT(userId VARCHAR, identityStoreArn VARCHAR), credentialId VARCHAR)"
	mapType       = "MAP(VARCHAR, VARCHAR)"
	resourcesType = "STRUCT(accountId VARCHAR, \"type\" VARCHAR, ARN VARCHAR, arnPrefix VARCHAR)[]"
	tlsType       = "STRUCT(tlsVersion VARCHAR, cipherSuite VARCHAR, clientProvidedHostHeader VARCHAR)"
)

// Columns is the Lake schema in file order. Names are the Lake's camelCase names; SQL over them
// is case-insensitive.
var Columns = []Column{
	{"eventVersion", "VARCHAR"},
	{"userIdentity", userIdentityType},
	{"eventTime", "TIMESTAMP"},
	{"eventSource", "VARCHAR"},
	{"eventName", "VARCHAR"},
	{"awsRegion", "VARCHAR"},
	{"sourceIPAddress", "VARCHAR"},
	{"userAgent", "VARCHAR"},
	{"errorCode", "VARCHAR"},
	{"errorMessage", "VARCHAR"},
	{"requestParameters", mapType},
	{"responseElements", mapType},
	{"additionalEventData", mapType},
	{"requestID", "VARCHAR"},
	{"eventID", "VARCHAR"},
	{"readOnly", "BOOLEAN"},
	{"resources", resourcesType},
	{"eventType", "VARCHAR"},
	{"apiVersion", "VARCHAR"},
	{"managementEvent", "BOOLEAN"},
	{"recipientAccountId", "VARCHAR"},
	{"serviceEventDetails", mapType},
	{"sharedEventID", "VARCHAR"},
	{"annotation", "VARCHAR"},
	{"vpcEndpointId", "VARCHAR"},
	{"vpcEndpointAccountId", "VARCHAR"},
	{"eventCategory", "VARCHAR"},
	{"addendum", mapType},
	{"sessionCredentialFromConsole", "VARCHAR"},
	{"edgeDeviceDetails", mapType},
	{"tlsDetails", tlsType},
	{"insightDetails", mapType},
	{"eventJson", "VARCHAR"},
	{"eventJsonChecksum", "VARCHAR"},
}

// EmptySelectSQL is a DuckDB SELECT with the columns cols (nil: the Lake columns) and no rows: the relation of an event
// data store that has no files yet.
func EmptySelectSQL(cols []Column) string {
	if cols == nil {
		cols = Columns
	}
	var b strings.Builder
	b.WriteString("SELECT ")
	for i, c := range cols {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("CAST(NULL AS " + c.Type + ") AS " + c.Name)
	}
	b.WriteString(" WHERE false")
	return b.String()
}
