-- AccessDenied / UnauthorizedOperation by service, API and identity (seed 002, query 11)
SELECT errorCode, eventSource AS AWS_Service, eventName AS API, userIdentity.type AS IdentityType,
       userIdentity.invokedBy AS InvokedBy, count(*) AS NumberOfEvents
FROM $EDS_ID
WHERE errorCode = 'AccessDenied' OR errorCode = 'UnauthorizedOperation'
GROUP BY 1, 2, 3, 4, 5
ORDER BY NumberOfEvents DESC, errorCode, AWS_Service, API, IdentityType, InvokedBy
LIMIT 10
