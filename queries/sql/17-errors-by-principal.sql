-- Failed calls by principal and error code
SELECT userIdentity.arn AS Principal, errorCode, count(*) AS Errors,
       count(DISTINCT eventName) AS APIs, max(eventTime) AS LastError
FROM $EDS_ID
WHERE errorCode IS NOT NULL
GROUP BY 1, 2
ORDER BY Errors DESC, Principal, errorCode
LIMIT 50
