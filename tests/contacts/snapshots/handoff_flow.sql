SELECT
  "t4"."unit",
  "t4"."from_queue",
  "t4"."to_queue",
  CAST("t4"."n" AS DOUBLE) AS "value",
  CAST(NULL AS BIGINT) AS "numerator",
  CAST(NULL AS BIGINT) AS "denominator",
  "t4"."n"
FROM (
  SELECT
    "t3"."unit",
    "t3"."step"."f1" AS "from_queue",
    "t3"."step"."f2" AS "to_queue",
    SUM("t3"."contacts") AS "n"
  FROM (
    SELECT
      "t2"."unit",
      "t2"."route",
      "t2"."contacts",
      UNNEST(
        CASE
          WHEN LIST_SLICE(STR_SPLIT("t2"."route", '>'), 1, -2) IS NULL
          OR LIST_SLICE(STR_SPLIT("t2"."route", '>'), 2, LENGTH(STR_SPLIT("t2"."route", '>'))) IS NULL
          THEN NULL
          ELSE LIST_APPLY(
            RANGE(
              1,
              GREATEST(
                LENGTH(LIST_SLICE(STR_SPLIT("t2"."route", '>'), 1, -2)),
                LENGTH(
                  LIST_SLICE(STR_SPLIT("t2"."route", '>'), 2, LENGTH(STR_SPLIT("t2"."route", '>')))
                )
              ) + 1
            ),
            LAMBDA i : {'f1': LIST_SLICE(STR_SPLIT("t2"."route", '>'), 1, -2)[i], 'f2': LIST_SLICE(STR_SPLIT("t2"."route", '>'), 2, LENGTH(STR_SPLIT("t2"."route", '>')))[i]}
          )
        END
      ) AS "step"
    FROM (
      SELECT
        "t1"."unit",
        "t1"."route",
        COUNT(*) AS "contacts"
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
          AND CONTAINS(COALESCE("t0"."route", ''), '>')
      ) AS "t1"
      GROUP BY
        1,
        2
    ) AS "t2"
  ) AS "t3"
  GROUP BY
    1,
    2,
    3
) AS "t4"
