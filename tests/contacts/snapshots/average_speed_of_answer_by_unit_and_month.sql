SELECT
  "t2"."unit",
  "t2"."month",
  "t2"."value",
  "t2"."median",
  "t2"."sd",
  CAST(NULL AS BIGINT) AS "numerator",
  CAST(NULL AS BIGINT) AS "denominator",
  "t2"."n"
FROM (
  SELECT
    "t1"."unit",
    CAST(DATE_TRUNC('MONTH', CAST("t1"."started_at" AS TIMESTAMP)) AS DATE) AS "month",
    AVG("t1"."seconds") AS "value",
    QUANTILE_CONT("t1"."seconds", 0.5) AS "median",
    STDDEV_SAMP("t1"."seconds") AS "sd",
    COUNT(*) AS "n"
  FROM (
    SELECT
      "t0"."contact_id",
      "t0"."member_id",
      "t0"."channel",
      "t0"."direction",
      "t0"."queue",
      "t0"."unit",
      "t0"."team",
      "t0"."agent_id",
      "t0"."reason",
      "t0"."language",
      "t0"."started_at",
      "t0"."answered_at",
      "t0"."ended_at",
      "t0"."hold_seconds",
      "t0"."talk_seconds",
      "t0"."wrap_seconds",
      "t0"."abandoned",
      "t0"."route",
      "t0"."consult_count",
      "t0"."case_id",
      "t0"."disposition",
      "t0"."ivr_seconds",
      "t0"."disconnected_by",
      CAST(DATE_DIFF('MICROSECOND', "t0"."started_at", "t0"."answered_at") AS DOUBLE) / 1000000 AS "seconds"
    FROM "contacts" AS "t0"
    WHERE
      "t0"."unit" IN ('commercial')
      AND "t0"."started_at" >= MAKE_TIMESTAMPTZ(2026, 3, 1, 0, 0, 0.0, 'UTC')
      AND "t0"."started_at" < MAKE_TIMESTAMPTZ(2026, 4, 1, 0, 0, 0.0, 'UTC')
      AND "t0"."answered_at" IS NOT NULL
      AND NOT (
        COALESCE("t0"."abandoned", FALSE)
      )
      AND "t0"."direction" = 'inbound'
  ) AS "t1"
  GROUP BY
    1,
    2
) AS "t2"
