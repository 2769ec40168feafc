SELECT
  "t2"."unit",
  "t2"."month",
  "t2"."value",
  "t2"."median",
  "t2"."p90",
  "t2"."sd",
  CAST(NULL AS BIGINT) AS "numerator",
  CAST(NULL AS BIGINT) AS "denominator",
  "t2"."n"
FROM (
  SELECT
    "t1"."unit",
    CAST(DATE_TRUNC('MONTH', CAST("t1"."closed_at" AS TIMESTAMP)) AS DATE) AS "month",
    AVG("t1"."days") AS "value",
    STDDEV_SAMP("t1"."days") AS "sd",
    QUANTILE_CONT("t1"."days", 0.5) AS "median",
    QUANTILE_CONT("t1"."days", 0.9) AS "p90",
    COUNT(*) AS "n"
  FROM (
    SELECT
      "t0"."case_id",
      "t0"."member_id",
      "t0"."unit",
      "t0"."type",
      "t0"."priority",
      "t0"."opened_at",
      "t0"."closed_at",
      "t0"."status",
      "t0"."owner_id",
      "t0"."line_of_business",
      "t0"."category",
      "t0"."request",
      "t0"."received_at",
      "t0"."extension_days",
      "t0"."extension_reason",
      "t0"."decided_at",
      "t0"."notified_at",
      "t0"."outcome",
      CAST(DATE_DIFF('MICROSECOND', "t0"."opened_at", "t0"."closed_at") AS DOUBLE) / 86400000000 AS "days"
    FROM "cases" AS "t0"
    WHERE
      "t0"."unit" IN ('commercial')
      AND "t0"."closed_at" >= MAKE_TIMESTAMPTZ(2026, 3, 1, 0, 0, 0.0, 'UTC')
      AND "t0"."closed_at" < MAKE_TIMESTAMPTZ(2026, 4, 1, 0, 0, 0.0, 'UTC')
      AND "t0"."closed_at" IS NOT NULL
  ) AS "t1"
  GROUP BY
    1,
    2
) AS "t2"
