-- S3 activity by API, bucket and key (seed 002, query 7)
SELECT eventName AS API, element_at(requestParameters, 'bucketName') AS BucketName,
       element_at(requestParameters, 'key') AS "Key", count(*) AS Hits
FROM $EDS_ID
WHERE eventSource = 's3.amazonaws.com'
GROUP BY 1, 2, 3
ORDER BY Hits DESC, API, BucketName, "Key"
LIMIT 5
