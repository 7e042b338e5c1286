-- API calls with errors by service, API and error code (seed 002, query 9)
SELECT eventSource AS AWS_Service, eventName AS API, errorCode, count(*) AS Num_of_Events
FROM $EDS_ID
WHERE errorCode IS NOT NULL
GROUP BY 1, 2, 3
ORDER BY Num_of_Events DESC, AWS_Service, API, errorCode
LIMIT 5
