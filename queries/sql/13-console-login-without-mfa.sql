-- Console sign-ins without MFA, by user and source IP
SELECT userIdentity.arn AS "User", sourceIPAddress, count(*) AS Logins,
       min(eventTime) AS FirstLogin, max(eventTime) AS LastLogin
FROM $EDS_ID
WHERE eventName = 'ConsoleLogin' AND element_at(additionalEventData, 'MFAUsed') = 'No'
  AND element_at(responseElements, 'ConsoleLogin') = 'Success'
GROUP BY 1, 2
ORDER BY Logins DESC, "User", sourceIPAddress
