-- S3 API calls by error code (seed 002, query 10)
SELECT errorCode, errorMessage, count(*) AS Hits
FROM $EDS_ID
WHERE eventSource = 's3.amazonaws.com' AND errorCode IS NOT NULL
GROUP BY 1, 2
ORDER BY Hits DESC, errorCode, errorMessage
LIMIT 5
