-- Calls in regions that see under 1% of the activity
WITH byRegion AS (
  SELECT awsRegion, count(*) AS n FROM $EDS_ID GROUP BY awsRegion
), total AS (
  SELECT sum(n) AS n FROM byRegion
)
SELECT e.awsRegion, e.eventSource, e.eventName, e.userIdentity.arn AS Principal, count(*) AS Calls,
       min(e.eventTime) AS FirstSeen, max(e.eventTime) AS LastSeen
FROM $EDS_ID e JOIN byRegion r ON e.awsRegion = r.awsRegion CROSS JOIN total t
WHERE r.n < t.n * 0.01
GROUP BY 1, 2, 3, 4
ORDER BY Calls DESC, e.awsRegion, e.eventSource, e.eventName
