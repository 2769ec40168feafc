"""Survey metrics as runners, so pages, the API (`/api/v1/metrics/survey-nps`) and `heartline metrics`
share one definition and the caller's scope is applied by the framework.

- `survey-nps`: promoters (9–10), passives (7–8) and detractors (0–6) of the likelihood-to-recommend
  item, and NPS = 100·(promoters − detractors)/n as `value`; the framework adds the interval the voice
  pages show (`stats.nps.nps_from_counts`: normal, from the multinomial variance).
- `survey-answers`: how many responses gave each answer to one item (option `item`), one row per
  group and answer (counts: no interval); CSAT top-box and the CAHPS top-box and linear mean are
  scored from these counts by `voice.scoring`, with their intervals.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import ibis
import ibis.expr.types as ir

from heartline.stats.nps import nps_from_counts
from heartline.voice.surveys import ITEMS_BY_CODE, Scale
from heartline.voice.tables import SURVEY_RESPONSES
from heartline.warehouse.estimates import NO_INTERVAL, Estimate, Interval
from heartline.warehouse.runners import (
    Dimension,
    MetricOption,
    MetricRunner,
    column,
    period,
    register_runner,
)
from heartline.warehouse.tables import TableSpec

SURVEY_DIMENSIONS: dict[str, Dimension] = {
    "unit": column("unit"),
    "agent": column("agent_id"),
    "survey": column("survey"),
    "language": column("language"),
    "channel": column("channel"),
    "week": period("responded_at", "W"),
    "month": period("responded_at", "M"),
}


class NetPromoterScore(Estimate):
    """NPS from a row's promoters, passives and detractors: NPS ± 1.96·SE, SE from the multinomial variance."""

    name = "nps"
    columns = ("promoters", "passives", "detractors")

    def interval(self, row: Mapping[str, Any]) -> Interval:
        counts = (row.get("promoters"), row.get("passives"), row.get("detractors"))
        if any(c is None for c in counts) or not sum(int(c or 0) for c in counts):
            return NO_INTERVAL
        promoters, passives, detractors = (int(c or 0) for c in counts)
        result = nps_from_counts(promoters, passives, detractors)
        return (result.ci_low, result.ci_high)


# Items a survey-answers query may count: every item but free text.
COUNTED_ITEMS = tuple(code for code, item in ITEMS_BY_CODE.items() if item.scale != Scale.TEXT)


class SurveyRunner(MetricRunner):
    base_table: ClassVar[TableSpec] = SURVEY_RESPONSES
    time_column: ClassVar[str] = "responded_at"
    dimensions: ClassVar[dict[str, Dimension]] = SURVEY_DIMENSIONS


@register_runner
class SurveyNps(SurveyRunner):
    """Net Promoter Score of the responses that answered the likelihood-to-recommend item."""

    name = "survey-nps"
    title = "Net Promoter Score"
    description = (
        "NPS = % promoters (9–10) − % detractors (0–6) of the responses that answered the 0–10 "
        "likelihood-to-recommend item; n is those responses."
    )
    estimate = NetPromoterScore()

    def to_expr(self) -> ir.Table:
        answered = self.filtered()
        answered = answered.filter(answered.nps.notnull())
        grouped = self.aggregate(
            answered,
            promoters=(answered.nps >= 9).sum().fill_null(0).cast("int64"),
            passives=((answered.nps >= 7) & (answered.nps <= 8)).sum().fill_null(0).cast("int64"),
            detractors=(answered.nps <= 6).sum().fill_null(0).cast("int64"),
            n=answered.count().cast("int64"),
        )
        if self.query.by:
            grouped = grouped.filter(grouped.n > 0)
        value = ibis.ifelse(
            grouped.n > 0, 100.0 * (grouped.promoters - grouped.detractors) / grouped.n, ibis.null("float64")
        )
        return self.shaped(grouped.mutate(value=value), "promoters", "passives", "detractors")


@register_runner
class SurveyAnswers(SurveyRunner):
    """How many responses gave each answer to one item (option `item`, e.g. csat, cs_info)."""

    name = "survey-answers"
    title = "Survey answers"
    description = "Responses per answer of one item (option item=CODE); value and n are the count."
    estimate = None  # counts of the responses in scope and period, not estimates
    options = (MetricOption("item", "str", "The survey item whose answers are counted", choices=COUNTED_ITEMS),)

    def item_code(self) -> str:
        return str(self.option("item"))

    def to_expr(self) -> ir.Table:
        code = self.item_code()
        answered = self.filtered()
        answered = answered.filter(answered[code].notnull()).mutate(answer=answered[code].cast("string"))
        keys = {**self.group_keys(answered), "answer": answered.answer}
        grouped = answered.group_by(**keys).aggregate(n=answered.count().cast("int64"))
        return self.shaped(grouped.mutate(value=grouped.n.cast("float64")), groups=("answer",))


class SurveyRecords(SurveyRunner):
    """Response-level reads behind the figures (driver matrices, verbatims); never registered as a metric."""

    name = "survey-records"
    title = "Survey responses"

    def to_expr(self) -> ir.Table:
        return self.filtered()

    def columns(self, names: list[str], *, complete: bool = True) -> list[dict[str, object]]:
        """`names` of every response in scope and period; with `complete`, only rows answering all of them."""
        rows = self.filtered()
        if complete:
            for name in names:
                rows = rows.filter(rows[name].notnull())
        return self.fetch(rows.select(*names))

    def verbatims(self, start_column: str = "responded_at") -> list[dict[str, object]]:
        rows = self.filtered()
        rows = rows.filter(rows.verbatim.notnull() & (rows.verbatim.strip() != ""))
        return self.fetch(
            rows.select("response_id", "verbatim", "language", start_column, "unit", "member_id").order_by(
                "response_id"
            )
        )

    def latest(self) -> object:
        table = self.table(self.base_table)
        rows = self.fetch(table.aggregate(latest=table.responded_at.max()))
        return rows[0]["latest"] if rows else None
