SELECT
  "t2"."unit",
  "t2"."month",
  CASE
    WHEN "t2"."n" > 0
    THEN (
      (
        "t2"."promoters" - "t2"."detractors"
      ) * 100.0
    ) / "t2"."n"
    ELSE CAST(NULL AS DOUBLE)
  END AS "value",
  "t2"."promoters",
  "t2"."passives",
  "t2"."detractors",
  CAST(NULL AS BIGINT) AS "numerator",
  CAST(NULL AS BIGINT) AS "denominator",
  "t2"."n"
FROM (
  SELECT
    "t1"."unit",
    CAST(DATE_TRUNC('MONTH', CAST("t1"."responded_at" AS TIMESTAMP)) AS DATE) AS "month",
    COALESCE(SUM(CAST("t1"."nps" >= 9 AS INT)), 0) AS "promoters",
    COALESCE(SUM(CAST((
      "t1"."nps" >= 7
    ) AND (
      "t1"."nps" <= 8
    ) AS INT)), 0) AS "passives",
    COALESCE(SUM(CAST("t1"."nps" <= 6 AS INT)), 0) AS "detractors",
    COUNT(*) AS "n"
  FROM (
    SELECT
      *
    FROM "survey_responses" AS "t0"
    WHERE
      "t0"."unit" IN ('commercial')
      AND "t0"."responded_at" >= MAKE_TIMESTAMPTZ(2026, 3, 1, 0, 0, 0.0, 'UTC')
      AND "t0"."responded_at" < MAKE_TIMESTAMPTZ(2026, 4, 1, 0, 0, 0.0, 'UTC')
      AND "t0"."nps" IS NOT NULL
  ) AS "t1"
  GROUP BY
    1,
    2
) AS "t2"
WHERE
  "t2"."n" > 0
