-- All calls from one source IP address (parameter 1: the address)
SELECT eventTime, eventSource, eventName, userIdentity.arn AS Principal, awsRegion, errorCode
FROM $EDS_ID
WHERE sourceIPAddress = ?
ORDER BY eventTime DESC
LIMIT 1000
