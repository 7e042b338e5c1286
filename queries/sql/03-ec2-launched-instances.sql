-- EC2: recently launched instances (seed 002, query 3)
SELECT eventTime, eventName AS API,
       json_extract_scalar(element_at(responseElements, 'instancesSet'), '$.items[0].instanceId') AS InstanceID,
       userIdentity.sessionContext.sessionIssuer.type AS IssuerType,
       userIdentity.type AS IdentityType,
       userIdentity.sessionContext.sessionIssuer.userName AS userName
FROM $EDS_ID
WHERE eventName = 'RunInstances'
ORDER BY eventTime DESC
LIMIT 2
