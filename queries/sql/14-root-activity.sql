-- Activity of the root user
SELECT eventTime, eventSource, eventName, awsRegion, sourceIPAddress, userAgent, errorCode
FROM $EDS_ID
WHERE userIdentity.type = 'Root'
ORDER BY eventTime DESC
LIMIT 100
