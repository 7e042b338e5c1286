package main

// peerQueries are the seed-002 analyses as a DuckDB user would write them over the raw trail
// files without ctlake: each record is a JSON value r of the view raw (see rawView), read with
// JSON paths (parenthesised: ->> binds looser than =). They compute the same answers as the library queries of the same name.
var peerQueries = map[string]string{
	"01-recent-events": `SELECT (r->>'eventTime') AS eventTime, r AS eventJson FROM raw ORDER BY 1 DESC LIMIT 2`,
	"02-breakout-fields": `SELECT (r->>'eventTime'), (r->>'awsRegion'), (r->>'eventCategory'), (r->>'eventSource'), (r->>'eventName'),
		(r->>'eventType'), (r->>'sourceIPAddress'), (r->>'$.userIdentity.type') FROM raw ORDER BY 1 DESC LIMIT 2`,
	"03-ec2-launched-instances": `SELECT (r->>'eventTime'), (r->>'eventName'), (r->>'$.responseElements.instancesSet.items[0].instanceId'),
		(r->>'$.userIdentity.sessionContext.sessionIssuer.type'), (r->>'$.userIdentity.type'),
		(r->>'$.userIdentity.sessionContext.sessionIssuer.userName')
		FROM raw WHERE (r->>'eventName') = 'RunInstances' ORDER BY 1 DESC LIMIT 2`,
	"04-console-logins": `SELECT (r->>'eventTime'), (r->>'eventName'), (r->>'$.responseElements.ConsoleLogin'), (r->>'$.userIdentity.arn'),
		(r->>'$.userIdentity.type') FROM raw WHERE (r->>'eventName') = 'ConsoleLogin' ORDER BY 1 DESC LIMIT 10`,
	"05-failed-console-logins": `SELECT (r->>'eventTime'), (r->>'eventName'), (r->>'$.responseElements.ConsoleLogin'), (r->>'$.userIdentity.userName'),
		(r->>'$.userIdentity.type'), (r->>'sourceIPAddress'), (r->>'errorMessage') FROM raw
		WHERE (r->>'eventName') = 'ConsoleLogin' AND (r->>'$.responseElements.ConsoleLogin') = 'Failure' ORDER BY 1 DESC LIMIT 10`,
	"06-s3-put-object": `SELECT (r->>'eventTime'), (r->>'eventName'), (r->>'$.requestParameters.bucketName'), (r->>'$.requestParameters.key'),
		(r->>'$.userIdentity.sessionContext.sessionIssuer.userName') FROM raw
		WHERE (r->>'eventName') = 'PutObject' AND (r->>'$.requestParameters.bucketName') = 'target-s3-bucket' ORDER BY 1 DESC LIMIT 2`,
	"07-s3-activity": `SELECT (r->>'eventName') AS a, (r->>'$.requestParameters.bucketName') AS b, (r->>'$.requestParameters.key') AS k, count(*) AS hits
		FROM raw WHERE (r->>'eventSource') = 's3.amazonaws.com' GROUP BY 1, 2, 3 ORDER BY hits DESC, a, b, k LIMIT 5`,
	"08-kms-decrypt-users": `SELECT (r->>'$.resources[0].ARN') AS k, (r->>'$.userIdentity.sessionContext.sessionIssuer.userName') AS u, count(*) AS hits
		FROM raw WHERE (r->>'eventSource') = 'kms.amazonaws.com' AND (r->>'eventName') = 'Decrypt' GROUP BY 1, 2 ORDER BY hits DESC, k, u LIMIT 2`,
	"09-errors-by-api": `SELECT (r->>'eventSource') AS s, (r->>'eventName') AS a, (r->>'errorCode') AS e, count(*) AS n FROM raw
		WHERE (r->>'errorCode') IS NOT NULL GROUP BY 1, 2, 3 ORDER BY n DESC, s, a, e LIMIT 5`,
	"10-s3-error-codes": `SELECT (r->>'errorCode') AS e, (r->>'errorMessage') AS m, count(*) AS hits FROM raw
		WHERE (r->>'eventSource') = 's3.amazonaws.com' AND (r->>'errorCode') IS NOT NULL GROUP BY 1, 2 ORDER BY hits DESC, e, m LIMIT 5`,
	"11-access-denied": `SELECT (r->>'errorCode') AS e, (r->>'eventSource') AS s, (r->>'eventName') AS a, (r->>'$.userIdentity.type') AS t,
		(r->>'$.userIdentity.invokedBy') AS i, count(*) AS n FROM raw
		WHERE (r->>'errorCode') = 'AccessDenied' OR (r->>'errorCode') = 'UnauthorizedOperation'
		GROUP BY 1, 2, 3, 4, 5 ORDER BY n DESC, e, s, a, t, i LIMIT 10`,
	"12-kms-hourly-decrypts": `SELECT date_trunc('hour', CAST(r->>'eventTime' AS TIMESTAMP)) AS h, count(*) AS hits FROM raw
		WHERE (r->>'eventSource') = 'kms.amazonaws.com' AND (r->>'eventName') = 'Decrypt' GROUP BY 1 ORDER BY 1 DESC`,
}

// rawView is how the peer reads the trail files: every record of every .json.gz file as JSON.
const rawView = `CREATE VIEW raw AS SELECT unnest(Records) AS r
FROM read_json('%s/**/*.json.gz', columns = {Records: 'JSON[]'}, maximum_object_size = 1073741824)`
