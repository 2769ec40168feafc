SELECT
  CAST("t2"."n" AS DOUBLE) AS "value",
  CAST(NULL AS BIGINT) AS "numerator",
  CAST(NULL AS BIGINT) AS "denominator",
  "t2"."n"
FROM (
  SELECT
    COUNT(*) AS "n"
  FROM (
    SELECT
      *
    FROM "contacts" AS "t0"
    WHERE
      FALSE
  ) AS "t1"
) AS "t2"
