WITH "t3" AS (
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
    COALESCE("t0"."ended_at", "t0"."answered_at", "t0"."started_at") AS "contact_end"
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
    AND "t0"."member_id" IS NOT NULL
)
SELECT
  "t8"."unit",
  "t8"."month",
  CASE
    WHEN "t8"."denominator" > 0
    THEN CAST("t8"."numerator" AS DOUBLE) / CAST("t8"."denominator" AS DOUBLE)
    ELSE CAST(NULL AS DOUBLE)
  END AS "value",
  "t8"."numerator",
  "t8"."denominator",
  "t8"."denominator" AS "n"
FROM (
  SELECT
    "t7"."unit",
    CAST(DATE_TRUNC('MONTH', CAST("t7"."started_at" AS TIMESTAMP)) AS DATE) AS "month",
    COALESCE(SUM(CASE WHEN "t7"."repeated" THEN 1 ELSE 0 END), 0) AS "numerator",
    COUNT(*) AS "denominator"
  FROM (
    SELECT
      "t4"."contact_id",
      "t4"."member_id",
      "t4"."channel",
      "t4"."direction",
      "t4"."queue",
      "t4"."unit",
      "t4"."team",
      "t4"."agent_id",
      "t4"."reason",
      "t4"."language",
      "t4"."started_at",
      "t4"."answered_at",
      "t4"."ended_at",
      "t4"."hold_seconds",
      "t4"."talk_seconds",
      "t4"."wrap_seconds",
      "t4"."abandoned",
      "t4"."route",
      "t4"."consult_count",
      "t4"."case_id",
      "t4"."disposition",
      "t4"."ivr_seconds",
      "t4"."disconnected_by",
      "t4"."contact_end",
      "t4"."contact_id" IN (
        SELECT
          "t5"."contact_id"
        FROM "t3" AS "t5"
        SEMI JOIN (
          SELECT
            "t0"."contact_id" AS "later_id",
            "t0"."member_id" AS "later_member",
            "t0"."reason" AS "later_reason",
            "t0"."started_at" AS "later_start"
          FROM "contacts" AS "t0"
          WHERE
            "t0"."direction" = 'inbound' AND "t0"."member_id" IS NOT NULL
        ) AS "t2"
          ON "t5"."member_id" = "t2"."later_member"
          AND "t5"."reason" = "t2"."later_reason"
          AND "t2"."later_start" >= "t5"."contact_end"
          AND "t2"."later_start" <= (
            "t5"."contact_end" + INTERVAL '7' DAY
          )
          AND "t2"."later_id" <> "t5"."contact_id"
      ) AS "repeated",
      CONTAINS(COALESCE("t4"."route", ''), '>') AS "handed_off"
    FROM "t3" AS "t4"
  ) AS "t7"
  GROUP BY
    1,
    2
) AS "t8"
WHERE
  "t8"."denominator" > 0
