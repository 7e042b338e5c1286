-- Console login: failed authentications (seed 002, query 5)
SELECT eventTime, eventName, element_at(responseElements, 'ConsoleLogin') AS Response,
       userIdentity.userName AS "User", userIdentity.type AS User_Type, sourceIPAddress, errorMessage
FROM $EDS_ID
WHERE eventName = 'ConsoleLogin' AND element_at(responseElements, 'ConsoleLogin') = 'Failure'
ORDER BY eventTime DESC
LIMIT 10
