package store

import (
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// The Arrow form of events, as the store wrote it through pqarrow before the leaf writer
// (leaves.go): leaves_test.go checks that both give the same files.

// buildRecord turns events into one Arrow record batch in Columns order. The caller releases it.
func buildRecord(mem memory.Allocator, events []*Event) arrow.RecordBatch {
	b := array.NewRecordBuilder(mem, arrowSchema)
	defer b.Release()
	b.Reserve(len(events))
	col := func(name string) array.Builder { return b.Field(arrowSchema.FieldIndices(name)[0]) }
	str := func(name string) *array.StringBuilder { return col(name).(*array.StringBuilder) }
	mp := func(name string) *array.MapBuilder { return col(name).(*array.MapBuilder) }

	var (
		eventVersion, eventSource, eventName = str("eventVersion"), str("eventSource"), str("eventName")
		awsRegion, sourceIP, userAgent       = str("awsRegion"), str("sourceIPAddress"), str("userAgent")
		errorCode, errorMessage, requestID   = str("errorCode"), str("errorMessage"), str("requestID")
		eventID, eventType, apiVersion       = str("eventID"), str("eventType"), str("apiVersion")
		recipient, sharedEventID, annotation = str("recipientAccountId"), str("sharedEventID"), str("annotation")
		vpceID, vpceAccount, category        = str("vpcEndpointId"), str("vpcEndpointAccountId"), str("eventCategory")
		sessionCred, eventJSON, checksum     = str("sessionCredentialFromConsole"), str("eventJson"), str("eventJsonChecksum")
		reqParams, respElems, addData        = mp("requestParameters"), mp("responseElements"), mp("additionalEventData")
		svcDetails, addendum, edge, insight  = mp("serviceEventDetails"), mp("addendum"), mp("edgeDeviceDetails"), mp("insightDetails")
		eventTime                            = col("eventTime").(*array.TimestampBuilder)
		readOnly, mgmt                       = col("readOnly").(*array.BooleanBuilder), col("managementEvent").(*array.BooleanBuilder)
		uid                                  = col("userIdentity").(*array.StructBuilder)
		resources                            = col("resources").(*array.ListBuilder)
		tls                                  = col("tlsDetails").(*array.StructBuilder)
	)
	// The raw events are most of the bytes: size their buffer once instead of doubling.
	jsonBytes := 0
	for i := range events {
		jsonBytes += len(events[i].EventJSON)
	}
	eventJSON.ReserveData(jsonBytes)
	for i := range events {
		e := events[i]
		appendStr(eventVersion, e.EventVersion)
		appendUserIdentity(uid, e.UserIdentity)
		eventTime.Append(arrow.Timestamp(e.EventTime.UnixMicro()))
		appendStr(eventSource, e.EventSource)
		appendStr(eventName, e.EventName)
		appendStr(awsRegion, e.AwsRegion)
		appendStr(sourceIP, e.SourceIPAddress)
		appendStr(userAgent, e.UserAgent)
		appendStr(errorCode, e.ErrorCode)
		appendStr(errorMessage, e.ErrorMessage)
		appendMap(reqParams, e.RequestParameters)
		appendMap(respElems, e.ResponseElements)
		appendMap(addData, e.AdditionalEventData)
		appendStr(requestID, e.RequestID)
		eventID.Append(e.EventID)
		appendBool(readOnly, e.ReadOnly)
		appendResources(resources, e.Resources)
		appendStr(eventType, e.EventType)
		appendStr(apiVersion, e.APIVersion)
		appendBool(mgmt, e.ManagementEvent)
		appendStr(recipient, e.RecipientAccountID)
		appendMap(svcDetails, e.ServiceEventDetails)
		appendStr(sharedEventID, e.SharedEventID)
		appendStr(annotation, e.Annotation)
		appendStr(vpceID, e.VpcEndpointID)
		appendStr(vpceAccount, e.VpcEndpointAccountID)
		appendStr(category, e.EventCategory)
		appendMap(addendum, e.Addendum)
		appendStr(sessionCred, e.SessionCredentialFromConsole)
		appendMap(edge, e.EdgeDeviceDetails)
		appendTLS(tls, e.TLSDetails)
		appendMap(insight, e.InsightDetails)
		eventJSON.Append(e.EventJSON)
		appendStr(checksum, e.EventJSONChecksum)
	}
	return b.NewRecordBatch()
}

func appendStr(b array.Builder, s string) {
	sb := b.(*array.StringBuilder)
	if s == "" {
		sb.AppendNull()
		return
	}
	sb.Append(s)
}

func appendStrs(sb *array.StructBuilder, vals ...string) {
	for i, v := range vals {
		appendStr(sb.FieldBuilder(i), v)
	}
}

func appendBool(b *array.BooleanBuilder, v OptBool) {
	if !v.Valid {
		b.AppendNull()
		return
	}
	b.Append(v.Value)
}

func appendTime(b array.Builder, t time.Time) {
	tb := b.(*array.TimestampBuilder)
	if t.IsZero() {
		tb.AppendNull()
		return
	}
	tb.Append(arrow.Timestamp(t.UnixMicro()))
}

func appendMap(b array.Builder, m Map) {
	mb := b.(*array.MapBuilder)
	if m == nil {
		mb.AppendNull()
		return
	}
	mb.Append(true)
	kb, vb := mb.KeyBuilder().(*array.StringBuilder), mb.ItemBuilder().(*array.StringBuilder)
	for _, kv := range m {
		kb.Append(kv.Key)
		if kv.Null {
			vb.AppendNull()
		} else {
			vb.Append(kv.Value)
		}
	}
}

func appendUserIdentity(sb *array.StructBuilder, u *UserIdentity) {
	if u == nil {
		sb.AppendNull()
		return
	}
	sb.Append(true)
	appendStrs(sb, u.Type, u.PrincipalID, u.ARN, u.AccountID, u.AccessKeyID, u.UserName)
	appendSessionContext(sb.FieldBuilder(6).(*array.StructBuilder), u.SessionContext)
	appendStr(sb.FieldBuilder(7), u.InvokedBy)
	appendStr(sb.FieldBuilder(8), u.IdentityProvider)
	ob := sb.FieldBuilder(9).(*array.StructBuilder)
	if u.OnBehalfOf == nil {
		ob.AppendNull()
	} else {
		ob.Append(true)
		appendStrs(ob, u.OnBehalfOf.UserID, u.OnBehalfOf.IdentityStoreArn)
	}
	appendStr(sb.FieldBuilder(10), u.CredentialID)
}

func appendSessionContext(sb *array.StructBuilder, c *SessionContext) {
	if c == nil {
		sb.AppendNull()
		return
	}
	sb.Append(true)
	ab := sb.FieldBuilder(0).(*array.StructBuilder)
	if c.Attributes == nil {
		ab.AppendNull()
	} else {
		ab.Append(true)
		appendTime(ab.FieldBuilder(0), c.Attributes.CreationDate)
		appendStr(ab.FieldBuilder(1), c.Attributes.MFAAuthenticated)
	}
	ib := sb.FieldBuilder(1).(*array.StructBuilder)
	if c.SessionIssuer == nil {
		ib.AppendNull()
	} else {
		si := c.SessionIssuer
		ib.Append(true)
		appendStrs(ib, si.Type, si.PrincipalID, si.ARN, si.AccountID, si.UserName)
	}
	wb := sb.FieldBuilder(2).(*array.StructBuilder)
	if c.WebIDFederationData == nil {
		wb.AppendNull()
	} else {
		wb.Append(true)
		appendStr(wb.FieldBuilder(0), c.WebIDFederationData.FederatedProvider)
		appendMap(wb.FieldBuilder(1), c.WebIDFederationData.Attributes)
	}
	appendStr(sb.FieldBuilder(3), c.SourceIdentity)
	appendStr(sb.FieldBuilder(4), c.EC2RoleDelivery)
	appendStr(sb.FieldBuilder(5), c.EC2IssuedInVpc)
}

func appendResources(lb *array.ListBuilder, rs []Resource) {
	if rs == nil {
		lb.AppendNull()
		return
	}
	lb.Append(true)
	vb := lb.ValueBuilder().(*array.StructBuilder)
	for _, r := range rs {
		vb.Append(true)
		appendStrs(vb, r.AccountID, r.Type, r.ARN, r.ARNPrefix)
	}
}

func appendTLS(sb *array.StructBuilder, t *TLSDetails) {
	if t == nil {
		sb.AppendNull()
		return
	}
	sb.Append(true)
	appendStrs(sb, t.TLSVersion, t.CipherSuite, t.ClientProvidedHostHeader)
}
