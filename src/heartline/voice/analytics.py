"""What the results pages, the digest and the API show, computed from the warehouse for one caller.

`unit_results` is the front-line view: one unit's NPS (with its 95% interval and n) over a period,
the change from the period before and whether it is significant, the monthly trend, CSAT and CAHPS
item scores, key drivers and themes with redacted quotes — each beside the same figure for the
whole division. Figures are aggregates, so staff see their unit's and division's results even where
their own record scope is narrower (an agent sees their own contacts only); quotes are verbatims,
member data, so they are redacted and every view of them is written to the access log.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from heartline.core import clock
from heartline.core.analytics import build_query, remember, run_metric, warehouse_source
from heartline.core.bounds import EARLIEST_DAY, days_after, parse_day
from heartline.core.contracts import Caller, Scope
from heartline.core.errors import ActionRefused, NotFound
from heartline.core.redaction import Redactor
from heartline.core.scoping import OPERATOR
from heartline.core.selectors import phi_redactor, visible_units
from heartline.stats.drivers import DriverResult, lmg, relative_weights
from heartline.voice.metrics import SurveyRecords
from heartline.voice.scoring import (
    ItemScore,
    item_score,
    min_responses,
    nps_dict,
    nps_period_change,
    nps_total,
    ranked_groups,
)
from heartline.voice.selectors import caller_division
from heartline.voice.surveys import DRIVER_CODES, ITEMS_BY_CODE, driver_score
from heartline.voice.themes import ThemeReport, Verbatim, summarize
from heartline.warehouse.runners import MetricQuery

PERIOD_DAYS = 91
DRIVER_DRAWS = 1000


class UnitNotVisibleError(NotFound):
    """The caller may not see that unit's results."""


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive

    @property
    def previous(self) -> Period:
        """The period of the same length just before, cut at core.bounds' first day (a long period
        would otherwise reach before year 1); at least the day before this period."""
        length = (self.end - self.start).days + 1
        last = days_after(self.start, -1)
        return Period(min(max(days_after(self.start, -length), EARLIEST_DAY), last), last)

    @classmethod
    def parse(cls, start: str | None, end: str | None) -> Period | None:
        """`from`/`to` typed in a URL as a period; None when both are empty; ActionRefused saying what
        to send when one is missing, not a date, out of core.bounds' range, or they are reversed."""
        if not start and not end:
            return None
        first, last = parse_day(start, "from"), parse_day(end, "to")
        if first is None or last is None:
            raise ActionRefused("give both from and to as YYYY-MM-DD")
        if first > last:
            raise ActionRefused(f"period starts {first} after it ends {last}")
        return cls(first, last)

    def label(self) -> str:
        return f"{self.start:%d %b %Y} – {self.end:%d %b %Y}"


def latest_day(scope: Scope) -> dt.date | None:
    latest = SurveyRecords(MetricQuery(), scope, warehouse_source()).latest()
    return clock.day_of(clock.instant(latest)) if latest else None


def default_period(scope: Scope, days: int = PERIOD_DAYS) -> Period | None:
    """The `days` up to the latest response in scope (None when there are none)."""
    end = latest_day(scope)
    return None if end is None else Period(end - dt.timedelta(days=days - 1), end)


def results_units(caller: Caller) -> dict[str, str]:
    """Units whose results the caller may read: their own unit, the units they look after, or the division's."""
    return dict(visible_units(caller).values_list("code", "name"))


def division_units(unit_code: str) -> tuple[str, str, dict[str, str]]:
    unit = visible_units(OPERATOR).get(code=unit_code)
    units = dict(visible_units(OPERATOR).filter(division_id=unit.division_id).values_list("code", "name"))
    return unit.division.code, unit.division.name, units


def _nps_rows(scope: Scope, period: Period | None, by: list[str]) -> list[dict[str, Any]]:
    query = build_query("survey-nps", by, period.start if period else None, period.end if period else None)
    return run_metric(Caller(None, "results", "", None, None, scope), "survey-nps", query).rows


def _answer_counts(scope: Scope, period: Period, item: str) -> dict[str, int]:
    query = build_query("survey-answers", [], period.start, period.end, options={"item": item})
    rows = run_metric(Caller(None, "results", "", None, None, scope), "survey-answers", query).rows
    return {str(r["answer"]): int(r["n"]) for r in rows}


def nps_block(scope: Scope, period: Period) -> dict[str, Any]:
    current = nps_total(_nps_rows(scope, period, []))
    earlier = nps_total(_nps_rows(scope, period.previous, []))
    return {
        **nps_dict(current),
        "below_minimum": current.n < min_responses(),
        "previous": nps_dict(earlier),
        "change": nps_period_change(earlier, current).as_dict() if earlier.n and current.n else None,
    }


def monthly_trend(scope: Scope, months: int = 12, end: dt.date | None = None) -> list[dict[str, Any]]:
    rows = _nps_rows(scope, None, ["month"])
    if end is not None:
        rows = [r for r in rows if str(r["month"]) <= end.isoformat()]
    trend = []
    for row in rows[-months:]:
        scored = nps_total([row])
        trend.append({"month": str(row["month"])[:7], **nps_dict(scored), "below_minimum": scored.n < min_responses()})
    return trend


def item_scores(scope: Scope, period: Period, codes: tuple[str, ...]) -> list[ItemScore]:
    scores = []
    for code in codes:
        counts = _answer_counts(scope, period, code)
        if counts:
            scores.append(item_score(code, counts))
    return scores


def key_drivers(
    scope: Scope,
    period: Period,
    outcome: str = "nps",
    drivers: tuple[str, ...] = DRIVER_CODES,
    draws: int = DRIVER_DRAWS,
    method: str = "relative-weights",
) -> tuple[DriverResult | None, int, str]:
    """Johnson's relative weights (or, with `method="shapley"`, the LMG decomposition) of `drivers` on
    `outcome` with bootstrap CIs; (None, n, why) when there are too few complete responses."""
    records = SurveyRecords(MetricQuery(start=period.start, end=period.end), scope, warehouse_source())
    rows = records.columns([outcome, *drivers])
    n = len(rows)
    if n < max(min_responses(), len(drivers) + 2):
        return None, n, f"too few complete responses for a driver analysis ({n}; at least {min_responses()} needed)"
    x = np.array([[driver_score(d, row[d]) for d in drivers] for row in rows], dtype=np.float64)
    y = np.array([float(row[outcome]) for row in rows])  # type: ignore[arg-type]
    decompose = lmg if method == "shapley" else relative_weights
    try:
        return decompose(x, y, [ITEMS_BY_CODE[d].code for d in drivers], draws=draws, seed=0), n, ""
    except ValueError as exc:
        return None, n, str(exc)


def drivers_dict(result: DriverResult | None, n: int, why: str, method: str = "relative-weights") -> dict[str, Any]:
    if result is None:
        return {"method": method, "r2": None, "n": n, "drivers": [], "note": why}
    return {
        "method": method,
        "r2": result.r2,
        "n": result.n,
        "drivers": sorted(
            (
                {
                    "name": d.name,
                    "label": ITEMS_BY_CODE[d.name].label,
                    "weight": d.weight,
                    "share": d.share,
                    "ci_low": None if np.isnan(d.ci_low) else d.ci_low,
                    "ci_high": None if np.isnan(d.ci_high) else d.ci_high,
                }
                for d in result.drivers
            ),
            key=lambda d: -float(d["weight"]),
        ),
        "note": "",
    }


def themes(scope: Scope, period: Period, redactor: Redactor) -> ThemeReport:
    """Themes of the verbatims of this period, with trends against the period before."""
    both = Period(period.previous.start, period.end)
    rows = SurveyRecords(MetricQuery(start=both.start, end=both.end), scope, warehouse_source()).verbatims()
    verbatims = [
        Verbatim(
            str(r["response_id"]),
            str(r["verbatim"]),
            str(r["language"] or "") or None,
            clock.instant(r["responded_at"]),
            str(r["member_id"]) if r["member_id"] else None,
        )
        for r in rows
    ]
    split = clock.start_of_day(period.start)
    report = summarize(verbatims, redactor=redactor, split_at=split, names_of_member=member_names)
    return report


def themes_dict(report: ThemeReport, minimum: int) -> dict[str, Any]:
    return {
        "verbatims": report.verbatims,
        "themes": [
            {
                "theme": t.code,
                "label": t.label,
                "polarity": t.polarity,
                "n": t.n,
                "share": t.share,
                "ci_low": t.share_ci[0],
                "ci_high": t.share_ci[1],
                "negative": t.negative,
                "negative_share": t.negative_share,
                "negative_ci_low": t.negative_ci[0],
                "negative_ci_high": t.negative_ci[1],
                "below_minimum": t.n < minimum,
                "trending_up": t.trending_up,
                "trend": None
                if t.trend is None
                else {
                    "earlier": t.trend.earlier,
                    "later": t.trend.later,
                    "change": t.trend.change,
                    "ci_low": t.trend.ci_low,
                    "ci_high": t.trend.ci_high,
                    "p_value": t.trend.p_value,
                    "earlier_n": t.trend.earlier_n,
                    "later_n": t.trend.later_n,
                },
                "quotes": t.quotes,
            }
            for t in report.themes
        ],
        "discovered": [
            {"term": d.term, "language": d.language, "n": d.n, "share": d.share, "quote": d.quote}
            for d in report.discovered
        ],
    }


def unit_results(
    caller: Caller, unit_code: str, period: Period | None = None, *, with_themes: bool = True
) -> dict[str, Any]:
    """Everything the unit results page shows, for a unit the caller may see (UnitNotVisibleError otherwise).

    Kept until the warehouse changes: the answer depends on the unit, the period and the unit's
    division (the same for every caller who may see the unit), not on who asks."""
    units = results_units(caller)
    if unit_code not in units:
        raise UnitNotVisibleError(f"you may not see the results of unit {unit_code!r}")
    key = ("voice.unit_results", unit_code, units[unit_code], period, with_themes, min_responses())
    answer = remember(key, lambda: _unit_results(units[unit_code], unit_code, period, with_themes=with_themes))
    return copy.deepcopy(answer)  # the kept answer stays as computed, whatever the caller does with its copy


def _unit_results(unit_name: str, unit_code: str, period: Period | None, *, with_themes: bool) -> dict[str, Any]:
    division_code, division_name, division_unit_names = division_units(unit_code)
    unit_scope = Scope.of_units(unit_code)
    division_scope = Scope.of_units(*division_unit_names)
    period = period or default_period(division_scope)
    answer: dict[str, Any] = {
        "unit": unit_code,
        "unit_name": unit_name,
        "division": division_code,
        "division_name": division_name,
        "min_n": min_responses(),
        "period": None,
    }
    if period is None:
        return answer
    redactor = phi_redactor(division_code)
    unit_drivers = key_drivers(unit_scope, period)
    answer.update(
        period={"from": period.start.isoformat(), "to": period.end.isoformat(), "label": period.label()},
        nps=nps_block(unit_scope, period),
        division_nps=nps_block(division_scope, period),
        trend=monthly_trend(unit_scope, end=period.end),
        division_trend=monthly_trend(division_scope, end=period.end),
        items=[s.as_dict() for s in item_scores(unit_scope, period, ("csat", "resolved", "cs_info", "cs_courtesy"))],
        division_items=[
            s.as_dict() for s in item_scores(division_scope, period, ("csat", "resolved", "cs_info", "cs_courtesy"))
        ],
        drivers=drivers_dict(*unit_drivers),
        units_ranked=[
            g.as_dict() for g in ranked_groups(_nps_rows(division_scope, period, ["unit"]), "unit", division_unit_names)
        ],
    )
    if with_themes:
        answer["themes"] = themes_dict(themes(unit_scope, period, redactor), min_responses())
    return answer


def division_results(caller: Caller, period: Period | None = None, draws: int = DRIVER_DRAWS) -> dict[str, Any]:
    """The analyst's view: the caller's whole scope — drivers with CIs, themes with n, units ranked.

    Kept until the warehouse changes, per scope (and whether staff names are known to redact)."""
    answer = remember(division_results_key(caller, period, draws), lambda: _division_results(caller, period, draws))
    return copy.deepcopy(answer)


def division_results_key(caller: Caller, period: Period | None = None, draws: int = DRIVER_DRAWS) -> tuple[Any, ...]:
    """What `division_results` keeps its answer under (`remember` adds the calendar and table versions)."""
    division = caller_division_code(caller)
    return (
        "voice.division_results",
        caller.scope,
        division,
        bool(caller.employee_code),
        period,
        draws,
        min_responses(),
    )


def warm_division_results(caller: Caller) -> None:
    """The Voice analysis page's default view (the default period) computed ahead (`heartline.core.warming`)."""
    division_results(caller, None)


def _division_results(caller: Caller, period: Period | None, draws: int) -> dict[str, Any]:
    scope = caller.scope
    period = period or default_period(scope)
    names = results_units(caller)
    answer: dict[str, Any] = {"period": None, "min_n": min_responses()}
    if period is None:
        return answer
    # A caller outside the staff (an admin) has no division: every staff member's name is hidden then.
    redactor = phi_redactor(caller_division_code(caller) if caller.employee_code else None)
    answer.update(
        period={"from": period.start.isoformat(), "to": period.end.isoformat(), "label": period.label()},
        nps=nps_block(scope, period),
        units_ranked=[g.as_dict() for g in ranked_groups(_nps_rows(scope, period, ["unit"]), "unit", names)],
        by_language=[g.as_dict() for g in ranked_groups(_nps_rows(scope, period, ["language"]), "language")],
        drivers=drivers_dict(*key_drivers(scope, period, draws=draws)),
        shapley_drivers=drivers_dict(*key_drivers(scope, period, draws=draws, method="shapley"), method="shapley"),
        csat_drivers=drivers_dict(*key_drivers(scope, period, outcome="csat", draws=draws)),
        items=[
            s.as_dict()
            for s in item_scores(
                scope, period, ("csat", "resolved", "cs_info", "cs_courtesy", "forms_easy", "got_needed", "plan_rating")
            )
        ],
        themes=themes_dict(themes(scope, period, redactor), min_responses()),
        trend=monthly_trend(scope, end=period.end),
    )
    return answer


def caller_division_code(caller: Caller) -> str:
    return caller_division(caller) or ""


def member_names(member_id: str) -> tuple[str, ...]:
    """The member's names as a quote may say them (none for a member the app database does not hold)."""
    from heartline.members.selectors import names_of_members  # the member view imports this module

    return names_of_members([member_id]).get(member_id, ())
