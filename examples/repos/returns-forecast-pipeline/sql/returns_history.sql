-- Daily returned parcels received per warehouse, last 3 years
SELECT warehouse_id,
       DATE_TRUNC('day', received_at) AS ds,
       COUNT(*)                         AS y
FROM logistics.return_parcels
WHERE received_at >= DATEADD(year, -3, CURRENT_DATE)
GROUP BY 1, 2
ORDER BY 1, 2;
