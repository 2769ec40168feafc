SELECT
  "t2"."month",
  CAST("t2"."n" AS DOUBLE) AS "value",
  CAST(NULL AS BIGINT) AS "numerator",
  CAST(NULL AS BIGINT) AS "denominator",
  "t2"."n"
FROM (
  SELECT
    CAST(DATE_TRUNC('MONTH', CAST("t1"."started_at" AS TIMESTAMP)) AS DATE) AS "month",
    COUNT(*) AS "n"
  FROM (
    SELECT
      *
    FROM "contacts" AS "t0"
    WHERE
      "t0"."started_at" >= MAKE_TIMESTAMPTZ(2025, 1, 1, 0, 0, 0.0, 'UTC')
      AND "t0"."started_at" < MAKE_TIMESTAMPTZ(2025, 4, 1, 0, 0, 0.0, 'UTC')
  ) AS "t1"
  GROUP BY
    1
) AS "t2"
