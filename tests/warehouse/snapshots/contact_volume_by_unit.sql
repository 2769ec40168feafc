SELECT
  "t1"."unit",
  CAST("t1"."n" AS DOUBLE) AS "value",
  CAST(NULL AS BIGINT) AS "numerator",
  CAST(NULL AS BIGINT) AS "denominator",
  "t1"."n"
FROM (
  SELECT
    "t0"."unit",
    COUNT(*) AS "n"
  FROM "contacts" AS "t0"
  GROUP BY
    1
) AS "t1"
