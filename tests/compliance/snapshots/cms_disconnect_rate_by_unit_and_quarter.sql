SELECT
  "t2"."unit",
  "t2"."quarter",
  CASE
    WHEN "t2"."denominator" > 0
    THEN CAST("t2"."numerator" AS DOUBLE) / CAST("t2"."denominator" AS DOUBLE)
    ELSE CAST(NULL AS DOUBLE)
  END AS "value",
  "t2"."disconnect_recorded",
  "t2"."numerator",
  "t2"."denominator",
  "t2"."denominator" AS "n"
FROM (
  SELECT
    "t1"."unit",
    CAST(DATE_TRUNC('QUARTER', CAST("t1"."started_at" AS TIMESTAMP)) AS DATE) AS "quarter",
    COALESCE(
      SUM(CASE WHEN COALESCE("t1"."disconnected_by" = 'plan', FALSE) THEN 1 ELSE 0 END),
      0
    ) AS "numerator",
    COUNT(*) AS "denominator",
    COUNT("t1"."disconnected_by") AS "disconnect_recorded"
  FROM (
    SELECT
      *
    FROM "contacts" AS "t0"
    WHERE
      "t0"."unit" IN ('medicare')
      AND "t0"."started_at" >= MAKE_TIMESTAMPTZ(2026, 1, 1, 0, 0, 0.0, 'UTC')
      AND "t0"."started_at" < MAKE_TIMESTAMPTZ(2027, 1, 1, 0, 0, 0.0, 'UTC')
      AND "t0"."channel" = 'phone'
      AND "t0"."direction" = 'inbound'
  ) AS "t1"
  GROUP BY
    1,
    2
) AS "t2"
