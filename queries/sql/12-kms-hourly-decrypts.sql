-- KMS: hourly Decrypt call volume (seed 002, query 12)
SELECT date_trunc('hour', eventTime) AS "bin(1h)", count(*) AS Hits
FROM $EDS_ID
WHERE eventSource = 'kms.amazonaws.com' AND eventName = 'Decrypt'
GROUP BY 1
ORDER BY 1 DESC
