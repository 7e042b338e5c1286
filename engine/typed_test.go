package engine

import "testing"

// TestTypedRewrites runs the Athena forms over Lake's map columns on the corpus fixture, whose
// events hold nested JSON in their maps (testdata/corpus-events.jsonl).
func TestTypedRewrites(t *testing.T) {
	e, cs := openCorpusEngine(t)
	from := func(where string) string { return " FROM " + cs.main + " AS ct WHERE " + where }
	modify := from("eventName = 'ModifySecurityGroupRules'")
	getObj := from("eventName = 'CopyObject'")
	checkExprs(t, e, []exprCase{
		// Dotted paths into a map, qualified or not, any case for the column, exact case for the key.
		{in: "requestParameters.bucketName" + getObj, want: "attacker-drop"},
		{in: "ct.RequestParameters.bucketName" + getObj, want: "attacker-drop"},
		{in: "requestparameters.BUCKETNAME" + getObj, want: "<nil>"},
		{in: "CAST(additionalEventData.bytesTransferredOut AS BIGINT)" + from("eventName = 'GetObject' AND eventTime = '2024-05-03 01:00:00'"), want: "2097152"},
		{in: "requestParameters.ModifySecurityGroupRulesRequest.GroupId" + modify, want: "sg-0123456789abcdef0"},
		{in: "requestParameters.ModifySecurityGroupRulesRequest.SecurityGroupRule" + modify, want: "<nil>"}, // an object: not a scalar
		// json_extract_scalar / json_extract on a map column.
		{in: "json_extract_scalar(requestParameters, '$.bucketName')" + getObj, want: "attacker-drop"},
		{in: "json_extract_scalar(requestParameters, '$.x-amz-copy-source')" + getObj, want: "customer-pii-bucket/data/other.csv"},
		{in: "json_extract_scalar(requestParameters, '$.ModifySecurityGroupRulesRequest.GroupId')" + modify, want: "sg-0123456789abcdef0"},
		{in: "json_extract_scalar(requestParameters, '$.ModifySecurityGroupRulesRequest')" + modify, want: "<nil>"},
		{in: "json_extract_scalar(requestParameters, '$[\"ModifySecurityGroupRulesRequest\"].SecurityGroupRule.SecurityGroupRule.FromPort')" + modify, want: "3389"},
		{in: "json_extract(requestParameters, '$.ModifySecurityGroupRulesRequest.SecurityGroupRule.SecurityGroupRule.CidrIpv4')" + modify, want: "0.0.0.0/0"},
		{in: "CAST(json_extract(requestParameters, '$.bucketName') AS varchar)" + getObj, want: "attacker-drop"},
		{in: "json_format(json_extract(requestParameters, '$.ModifySecurityGroupRulesRequest.SecurityGroupRule'))" + modify,
			want: `{"SecurityGroupRuleId":"sgr-1","SecurityGroupRule":{"IpProtocol":"tcp","FromPort":3389,"ToPort":3389,"CidrIpv4":"0.0.0.0/0"}}`},
		{in: "json_size(requestParameters, '$.ModifySecurityGroupRulesRequest')" + modify, want: "2"},
		// A map where Athena has JSON text.
		{in: "count(*)" + from("requestParameters LIKE '%customer-pii-bucket%'"), want: "6"},
		{in: "count(*)" + from("regexp_like(requestParameters, '\"CidrIpv4\":\"0\\.0\\.0\\.0/0\"')"), want: "1"},
		{in: "CAST(requestParameters AS varchar)" + getObj,
			want: `{"bucketName":"attacker-drop","key":"loot.csv","x-amz-copy-source":"customer-pii-bucket/data/other.csv","Host":"attacker-drop.s3.amazonaws.com"}`},
		{in: "CAST(requestParameters AS varchar)" + from("eventName = 'AuthorizeSecurityGroupIngress'"),
			want: `{"groupId":"sg-0123456789abcdef0","ipPermissions":{"items":[{"ipProtocol":"tcp","fromPort":22,"toPort":22,"ipRanges":{"items":[{"cidrIp":"0.0.0.0/0"}]}}]}}`},
		// Athena's eventTime is ISO text.
		{in: "count(*)" + from("from_iso8601_timestamp(eventTime) > from_iso8601_timestamp('2024-05-04T00:00:00Z')"), want: "6"},
		{in: "count(*)" + from("eventTime BETWEEN '2024-05-04T00:00:00Z' AND '2024-05-04T23:59:59Z'"), want: "6"},
		{in: "CAST(eventTime AS varchar)" + getObj, want: "2024-05-03 04:00:00.000"},
	})
	// A select-list path keeps the key as the column name, as DuckDB names struct fields.
	cols, _, _, err := queryAll(t, e, "SELECT requestParameters.bucketName, ct.requestParameters.key AS k"+getObj)
	if err != nil || len(cols) != 2 || cols[0].Name != "bucketName" || cols[1].Name != "k" {
		t.Errorf("columns = %+v, %v", cols, err)
	}
}

func TestUnnest(t *testing.T) {
	e, _ := openTest(t, Config{})
	checkExprs(t, e, []exprCase{
		// One alias: the row as a STRUCT, as Lake and Athena write it (DuckDB's own unnest).
		{in: "count(*) FROM trail CROSS JOIN UNNEST(resources) AS t(r) WHERE r.arn LIKE '%b2'", want: "2"},
		// A column per field, as Trino expands an array of rows.
		{in: "arn FROM trail CROSS JOIN UNNEST(resources) AS t(accountid, type, arn, arnprefix) WHERE eventName = 'PutObject'", want: "arn:aws:s3:::b1"},
		{in: "t.type || '#' || CAST(t.n AS varchar) FROM trail CROSS JOIN UNNEST(resources) WITH ORDINALITY AS t(a, type, arn, p, n) WHERE eventName = 'PutObject'", want: "AWS::S3::Bucket#1"},
		// A map: key and value.
		{in: "list(k || '=' || v ORDER BY k) FROM trail CROSS JOIN UNNEST(requestParameters) AS t(k, v) WHERE eventName = 'PutObject'", want: "[Host=example.com bucketName=b1]"},
		{in: "max(n) FROM trail CROSS JOIN UNNEST(requestParameters) WITH ORDINALITY AS t(k, v, n)", want: "2"},
		// Several arrays, zipped and padded with NULL.
		{in: "list(CAST(x AS varchar) || ':' || coalesce(y, '-') ORDER BY n) FROM UNNEST(ARRAY[1, 2, 3], ARRAY['a']) WITH ORDINALITY AS t(x, y, n)", want: "[1:a 2:- 3:-]"},
		{in: "count(*) FROM UNNEST(ARRAY[1, 2], CAST(NULL AS INTEGER[])) AS t(x, y)", want: "2"},
		{in: "list(x ORDER BY n) FROM UNNEST(ARRAY[10, 20]) WITH ORDINALITY AS t(x, n)", want: "[10 20]"},
		{in: "count(*) FROM trail LEFT JOIN UNNEST(resources) AS t(a, b, c, d) ON true", want: "6"},
		{in: "count(*) FROM UNNEST(ARRAY[1], ARRAY[2]) AS t(x, y, z)", err: "found 3 aliases for 2 columns"},
	})
}
