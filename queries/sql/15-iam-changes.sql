-- IAM changes: every write call to IAM, newest first
SELECT eventTime, eventName, userIdentity.arn AS Principal, sourceIPAddress,
       element_at(requestParameters, 'userName') AS TargetUser,
       element_at(requestParameters, 'roleName') AS TargetRole,
       element_at(requestParameters, 'policyArn') AS PolicyArn, errorCode
FROM $EDS_ID
WHERE eventSource = 'iam.amazonaws.com' AND readOnly = false
ORDER BY eventTime DESC
LIMIT 500
