SELECT
  "t2"."unit",
  "t2"."quarter",
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
    CAST(DATE_TRUNC('QUARTER', CAST("t1"."placed_at" AS TIMESTAMP)) AS DATE) AS "quarter",
    COALESCE(
      SUM(
        CASE
          WHEN COALESCE(
            COALESCE("t1"."reached_live_person", FALSE)
            AND (
              (
                CASE
                  WHEN COALESCE("t1"."tty", FALSE)
                  THEN 'tty'
                  WHEN "t1"."language" IS NOT NULL
                  THEN 'interpreter'
                  ELSE CAST(NULL AS TEXT)
                END = 'tty'
              )
              OR COALESCE("t1"."interpreter_available", FALSE)
            )
            AND (
              (
                "t1"."connected_within_seconds" IS NOT NULL
              )
              AND (
                "t1"."connected_within_seconds" <= CASE
                  WHEN CASE
                    WHEN COALESCE("t1"."tty", FALSE)
                    THEN 'tty'
                    WHEN "t1"."language" IS NOT NULL
                    THEN 'interpreter'
                    ELSE CAST(NULL AS TEXT)
                  END = 'tty'
                  THEN 420
                  ELSE 480
                END
              )
            ),
            FALSE
          )
          THEN 1
          ELSE 0
        END
      ),
      0
    ) AS "numerator",
    COUNT(*) AS "denominator"
  FROM (
    SELECT
      *
    FROM "test_calls" AS "t0"
    WHERE
      "t0"."unit" IN ('medicare')
      AND "t0"."placed_at" >= MAKE_TIMESTAMPTZ(2026, 1, 1, 0, 0, 0.0, 'UTC')
      AND "t0"."placed_at" < MAKE_TIMESTAMPTZ(2027, 1, 1, 0, 0, 0.0, 'UTC')
      AND CASE
        WHEN COALESCE("t0"."tty", FALSE)
        THEN 'tty'
        WHEN "t0"."language" IS NOT NULL
        THEN 'interpreter'
        ELSE CAST(NULL AS TEXT)
      END IS NOT NULL
  ) AS "t1"
  GROUP BY
    1,
    2
) AS "t2"
WHERE
  "t2"."denominator" > 0
