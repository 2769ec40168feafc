SELECT
  "t3"."unit",
  "t3"."from_queue",
  "t3"."to_queue",
  CAST("t3"."n" AS DOUBLE) AS "value",
  CAST(NULL AS BIGINT) AS "numerator",
  CAST(NULL AS BIGINT) AS "denominator",
  "t3"."n"
FROM (
  SELECT
    "t2"."unit",
    "t2"."step"."f1" AS "from_queue",
    "t2"."step"."f2" AS "to_queue",
    COUNT(*) AS "n"
  FROM (
    SELECT
      "t1"."contact_id",
      "t1"."member_id",
      "t1"."channel",
      "t1"."direction",
      "t1"."queue",
      "t1"."unit",
      "t1"."team",
      "t1"."agent_id",
      "t1"."reason",
      "t1"."language",
      "t1"."started_at",
      "t1"."answered_at",
      "t1"."ended_at",
      "t1"."hold_seconds",
      "t1"."talk_seconds",
      "t1"."wrap_seconds",
      "t1"."abandoned",
      "t1"."route",
      "t1"."consult_count",
      "t1"."case_id",
      "t1"."disposition",
      "t1"."ivr_seconds",
      "t1"."disconnected_by",
      UNNEST(
        CASE
          WHEN LIST_SLICE(STR_SPLIT("t1"."route", '>'), 1, -2) IS NULL
          OR LIST_SLICE(STR_SPLIT("t1"."route", '>'), 2, LENGTH(STR_SPLIT("t1"."route", '>'))) IS NULL
          THEN NULL
          ELSE LIST_APPLY(
            RANGE(
              1,
              GREATEST(
                LENGTH(LIST_SLICE(STR_SPLIT("t1"."route", '>'), 1, -2)),
                LENGTH(
                  LIST_SLICE(STR_SPLIT("t1"."route", '>'), 2, LENGTH(STR_SPLIT("t1"."route", '>')))
                )
              ) + 1
            ),
            LAMBDA i : {'f1': LIST_SLICE(STR_SPLIT("t1"."route", '>'), 1, -2)[i], 'f2': LIST_SLICE(STR_SPLIT("t1"."route", '>'), 2, LENGTH(STR_SPLIT("t1"."route", '>')))[i]}
          )
        END
      ) AS "step"
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
        AND CASE
          WHEN (
            ARRAY_LENGTH(STR_SPLIT(COALESCE("t0"."route", ''), '>')) - 1
          ) IS NULL
          THEN ARRAY_LENGTH(STR_SPLIT(COALESCE("t0"."route", ''), '>')) - 1
          ELSE GREATEST(0, ARRAY_LENGTH(STR_SPLIT(COALESCE("t0"."route", ''), '>')) - 1)
        END > 0
    ) AS "t1"
  ) AS "t2"
  GROUP BY
    1,
    2,
    3
) AS "t3"
