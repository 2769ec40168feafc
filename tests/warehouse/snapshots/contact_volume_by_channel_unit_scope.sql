SELECT
  "t2"."channel",
  CAST("t2"."n" AS DOUBLE) AS "value",
  CAST(NULL AS BIGINT) AS "numerator",
  CAST(NULL AS BIGINT) AS "denominator",
  "t2"."n"
FROM (
  SELECT
    "t1"."channel",
    COUNT(*) AS "n"
  FROM (
    SELECT
      *
    FROM "contacts" AS "t0"
    WHERE
      "t0"."unit" IN ('u1', 'u2') AND "t0"."channel" IN ('phone', 'chat')
  ) AS "t1"
  GROUP BY
    1
) AS "t2"
