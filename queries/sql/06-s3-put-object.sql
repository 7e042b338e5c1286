-- PutObject calls on one S3 bucket (seed 002, query 6)
SELECT eventTime, eventName AS API, element_at(requestParameters, 'bucketName') AS BucketName,
       element_at(requestParameters, 'key') AS "Key",
       userIdentity.sessionContext.sessionIssuer.userName AS UserName
FROM $EDS_ID
WHERE eventName = 'PutObject' AND element_at(requestParameters, 'bucketName') = 'target-s3-bucket'
ORDER BY eventTime DESC
LIMIT 2
