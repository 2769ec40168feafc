SELECT
  "t2"."unit",
  "t2"."month",
  "t2"."answer",
  CAST("t2"."n" AS DOUBLE) AS "value",
  CAST(NULL AS BIGINT) AS "numerator",
  CAST(NULL AS BIGINT) AS "denominator",
  "t2"."n"
FROM (
  SELECT
    "t1"."unit",
    CAST(DATE_TRUNC('MONTH', CAST("t1"."responded_at" AS TIMESTAMP)) AS DATE) AS "month",
    "t1"."answer",
    COUNT(*) AS "n"
  FROM (
    SELECT
      "t0"."response_id",
      "t0"."survey",
      "t0"."responded_at",
      "t0"."language",
      "t0"."member_id",
      "t0"."contact_id",
      "t0"."agent_id",
      "t0"."unit",
      "t0"."channel",
      "t0"."nps",
      "t0"."csat",
      "t0"."resolved",
      "t0"."ease",
      "t0"."wait_time",
      "t0"."courtesy",
      "t0"."knowledge",
      "t0"."clarity",
      "t0"."cs_info",
      "t0"."cs_courtesy",
      "t0"."forms_easy",
      "t0"."got_needed",
      "t0"."plan_rating",
      "t0"."verbatim",
      CAST("t0"."csat" AS TEXT) AS "answer"
    FROM "survey_responses" AS "t0"
    WHERE
      "t0"."unit" IN ('commercial')
      AND "t0"."responded_at" >= MAKE_TIMESTAMPTZ(2026, 3, 1, 0, 0, 0.0, 'UTC')
      AND "t0"."responded_at" < MAKE_TIMESTAMPTZ(2026, 4, 1, 0, 0, 0.0, 'UTC')
      AND "t0"."csat" IS NOT NULL
  ) AS "t1"
  GROUP BY
    1,
    2,
    3
) AS "t2"
