SELECT
  "t2"."unit",
  "t2"."quarter",
  "t2"."value",
  "t2"."median",
  "t2"."sd",
  "t2"."ivr_recorded",
  CAST(NULL AS BIGINT) AS "numerator",
  CAST(NULL AS BIGINT) AS "denominator",
  "t2"."n"
FROM (
  SELECT
    "t1"."unit",
    CAST(DATE_TRUNC('QUARTER', CAST("t1"."started_at" AS TIMESTAMP)) AS DATE) AS "quarter",
    AVG("t1"."seconds") AS "value",
    QUANTILE_CONT("t1"."seconds", 0.5) AS "median",
    STDDEV_SAMP("t1"."seconds") AS "sd",
    COUNT("t1"."ivr_seconds") AS "ivr_recorded",
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
      GREATEST(
        (
          CAST(DATE_DIFF('MICROSECOND', "t0"."started_at", "t0"."answered_at") AS DOUBLE) / 1000000
        ) - CAST(COALESCE("t0"."ivr_seconds", 0) AS DOUBLE),
        0.0
      ) AS "seconds"
    FROM "contacts" AS "t0"
    WHERE
      "t0"."unit" IN ('medicare')
      AND "t0"."started_at" >= MAKE_TIMESTAMPTZ(2026, 1, 1, 0, 0, 0.0, 'UTC')
      AND "t0"."started_at" < MAKE_TIMESTAMPTZ(2027, 1, 1, 0, 0, 0.0, 'UTC')
      AND "t0"."channel" = 'phone'
      AND "t0"."direction" = 'inbound'
      AND "t0"."answered_at" IS NOT NULL
      AND NOT (
        COALESCE("t0"."abandoned", FALSE)
      )
  ) AS "t1"
  GROUP BY
    1,
    2
) AS "t2"
