-- KMS Decrypt activity by key and user (seed 002, query 8)
SELECT element_at(resources, 1).ARN AS KMS_Key,
       userIdentity.sessionContext.sessionIssuer.userName AS "User", count(*) AS Hits
FROM $EDS_ID
WHERE eventSource = 'kms.amazonaws.com' AND eventName = 'Decrypt'
GROUP BY 1, 2
ORDER BY Hits DESC, KMS_Key, "User"
LIMIT 2
