-- Most recent CloudTrail events (seed 002, query 1)
SELECT eventTime, eventJson
FROM $EDS_ID
ORDER BY eventTime DESC
LIMIT 2
