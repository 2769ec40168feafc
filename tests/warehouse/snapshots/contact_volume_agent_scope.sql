SELECT
  "t2"."week",
  CAST("t2"."n" AS DOUBLE) AS "value",
  CAST(NULL AS BIGINT) AS "numerator",
  CAST(NULL AS BIGINT) AS "denominator",
  "t2"."n"
FROM (
  SELECT
    CAST(DATE_TRUNC('WEEK', CAST("t1"."started_at" AS TIMESTAMP)) AS DATE) AS "week",
    COUNT(*) AS "n"
  FROM (
    SELECT
      *
    FROM "contacts" AS "t0"
    WHERE
      "t0"."agent_id" IN ('a1')
  ) AS "t1"
  GROUP BY
    1
) AS "t2"
