-- Individual fields of the most recent events (seed 002, query 2)
SELECT eventTime, awsRegion, eventCategory, eventSource, eventName, eventType, sourceIPAddress, userIdentity.type
FROM $EDS_ID
ORDER BY eventTime DESC
LIMIT 2
