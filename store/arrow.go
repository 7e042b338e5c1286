package store

import "github.com/apache/arrow-go/v18/arrow"

var (
	strT  = arrow.BinaryTypes.String
	tsT   = &arrow.TimestampType{Unit: arrow.Microsecond} // no zone: Parquet TIMESTAMP, UTC by convention
	boolT = arrow.FixedWidthTypes.Boolean
	mapT  = arrow.MapOf(strT, strT)
)

func strFields(names ...string) []arrow.Field {
	fs := make([]arrow.Field, len(names))
	for i, n := range names {
		fs[i] = arrow.Field{Name: n, Type: strT, Nullable: true}
	}
	return fs
}

func nullable(name string, t arrow.DataType) arrow.Field {
	return arrow.Field{Name: name, Type: t, Nullable: true}
}

var (
	sessionIssuerT = arrow.StructOf(strFields("type", "principalId", "arn", "accountId", "userName")...)
	attributesT    = arrow.StructOf(nullable("creationDate", tsT), nullable("mfaAuthenticated", strT))
	webIDT         = arrow.StructOf(nullable("federatedProvider", strT), nullable("attributes", mapT))
	sessionCtxT    = arrow.StructOf(nullable("attributes", attributesT), nullable("sessionIssuer", sessionIssuerT),
		nullable("webIdFederationData", webIDT), nullable("sourceIdentity", strT), nullable("ec2RoleDelivery", strT),
		nullable("ec2IssuedInVpc", strT))
	onBehalfOfT   = arrow.StructOf(strFields("userId", "identityStoreArn")...)
	userIdentityT = arrow.StructOf(append(append(strFields("type", "principalId", "arn", "accountId", "accessKeyId", "userName"),
		nullable("sessionContext", sessionCtxT)),
		append(strFields("invokedBy", "identityProvider"), nullable("onBehalfOf", onBehalfOfT), nullable("credentialId", strT))...)...)
	resourceT = arrow.StructOf(strFields("accountId", "type", "ARN", "arnPrefix")...)
	tlsT      = arrow.StructOf(strFields("tlsVersion", "cipherSuite", "clientProvidedHostHeader")...)
)

// arrowSchema is the Arrow form of Columns, in the same order.
var arrowSchema = func() *arrow.Schema {
	types := map[string]arrow.DataType{
		"userIdentity": userIdentityT, "eventTime": tsT, "readOnly": boolT, "managementEvent": boolT,
		"resources": arrow.ListOf(resourceT), "tlsDetails": tlsT,
		"requestParameters": mapT, "responseElements": mapT, "additionalEventData": mapT,
		"serviceEventDetails": mapT, "addendum": mapT, "edgeDeviceDetails": mapT, "insightDetails": mapT,
	}
	fs := make([]arrow.Field, len(Columns))
	for i, c := range Columns {
		t, ok := types[c.Name]
		if !ok {
			t = strT
		}
		fs[i] = arrow.Field{Name: c.Name, Type: t, Nullable: c.Name != "eventTime" && c.Name != "eventID"}
	}
	return arrow.NewSchema(fs, nil)
}()
