SELECT
  "t2"."unit",
  "t2"."month",
  CASE
    WHEN "t2"."denominator" > 0
    THEN CAST("t2"."numerator" AS DOUBLE) / CAST("t2"."denominator" AS DOUBLE)
    ELSE CAST(NULL AS DOUBLE)
  END AS "value",
  "t2"."numerator",
  "t2"."denominator",
  "t2"."denominator" AS "n"
FROM (
  SELECT
    "t1"."unit",
    CAST(DATE_TRUNC('MONTH', CAST("t1"."started_at" AS TIMESTAMP)) AS DATE) AS "month",
    COALESCE(SUM(CASE WHEN CONTAINS(COALESCE("t1"."route", ''), '>') THEN 1 ELSE 0 END), 0) AS "numerator",
    COUNT(*) AS "denominator"
  FROM (
    SELECT
      *
    FROM "contacts" AS "t0"
    WHERE
      "t0"."unit" IN ('commercial')
      AND "t0"."started_at" >= MAKE_TIMESTAMPTZ(2026, 3, 1, 0, 0, 0.0, 'UTC')
      AND "t0"."started_at" < MAKE_TIMESTAMPTZ(2026, 4, 1, 0, 0, 0.0, 'UTC')
      AND "t0"."answered_at" IS NOT NULL
      AND NOT (
        COALESCE("t0"."abandoned", FALSE)
      )
  ) AS "t1"
  GROUP BY
    1,
    2
) AS "t2"
WHERE
  "t2"."denominator" > 0
