-- Console login: most recent sign-ins (seed 002, query 4)
SELECT eventTime, eventName, element_at(responseElements, 'ConsoleLogin') AS Response,
       userIdentity.arn AS ARN, userIdentity.type AS User_Type
FROM $EDS_ID
WHERE eventName = 'ConsoleLogin'
ORDER BY eventTime DESC
LIMIT 10
