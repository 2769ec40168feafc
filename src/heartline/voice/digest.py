"""The weekly digest: a unit's week in one page — NPS with its interval and n (greyed under the minimum),
the quarter beside it, themes trending up, quotes, new and adopted ideas — as a page and as a PDF
(fpdf2, charts rendered to PNG by vl-convert so the PDF needs no browser).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from fpdf import FPDF

from heartline.core import clock
from heartline.core.contracts import Caller, Scope
from heartline.voice.analytics import (
    Period,
    UnitNotVisibleError,
    default_period,
    division_units,
    nps_block,
    results_units,
    unit_results,
)
from heartline.voice.charts import driver_bars, fixed_width, nps_trend
from heartline.voice.selectors import visible_ideas

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)


def weekly_digest(caller: Caller, unit_code: str, week_ending: dt.date | None = None) -> dict[str, Any]:
    """The digest's content for the week ending `week_ending` (default: the latest response's day).

    UnitNotVisibleError for a unit the caller may not read (or that does not exist).
    """
    units = results_units(caller)
    if unit_code not in units:
        raise UnitNotVisibleError(f"you may not see the results of unit {unit_code!r}")
    _, _, names = division_units(unit_code)
    quarter = default_period(Scope.of_units(*names))
    if quarter is None:
        return {"unit": unit_code, "unit_name": units[unit_code], "empty": True}
    end = week_ending or quarter.end
    week = Period(end - dt.timedelta(days=6), end)
    quarter = Period(end - dt.timedelta(days=90), end)
    results = unit_results(caller, unit_code, quarter)
    since = clock.start_of_day(week.start)
    ideas = visible_ideas(caller)
    return {
        "empty": False,
        "unit": unit_code,
        "unit_name": results["unit_name"],
        "division_name": results["division_name"],
        "week": {"from": week.start.isoformat(), "to": week.end.isoformat(), "label": week.label()},
        "week_nps": nps_block(Scope.of_units(unit_code), week),
        "results": results,
        "trending": [t for t in results["themes"]["themes"] if t["trending_up"]],
        "new_ideas": list(ideas.filter(created_at__gte=since).order_by("-created_at")[:10]),
        "adopted": list(ideas.filter(status="adopted", updated_at__gte=since - dt.timedelta(days=21))[:10]),
    }


def _font(pdf: FPDF) -> str:
    for path in FONT_CANDIDATES:
        if Path(path).exists():
            pdf.add_font("body", "", path)
            return "body"
    return "helvetica"


def _png(spec: dict[str, Any]) -> bytes:
    import vl_convert

    return bytes(vl_convert.vegalite_to_png(fixed_width(spec), scale=2))


def _fmt(value: object, pattern: str = "{:.1f}") -> str:
    return "–" if value is None else pattern.format(value)


def digest_pdf(digest: dict[str, Any]) -> bytes:
    """The digest as a PDF: headline figures with n and CI, the trend and drivers charts, themes and ideas."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    font = _font(pdf)

    def safe(text: str) -> str:
        # The built-in Helvetica has Latin-1 glyphs only; a Unicode font (Debian's) takes any text.
        return text if font == "body" else text.encode("latin-1", "replace").decode("latin-1")

    def line(text: str, size: int = 10, height: float = 6) -> None:
        pdf.set_font(font, size=size)
        pdf.multi_cell(0, height, safe(text), new_x="LMARGIN", new_y="NEXT")

    line(f"Voice of the member — {digest['unit_name']}", 16, 9)
    if digest.get("empty"):
        line("No survey responses yet.")
        return bytes(pdf.output())
    results = digest["results"]
    week, nps, div = digest["week_nps"], results["nps"], results["division_nps"]
    line(f"Week {digest['week']['label']} · {digest['division_name']}", 10)
    line(
        f"This week: NPS {_fmt(week['nps'])} (95% CI {_fmt(week['ci_low'])} to {_fmt(week['ci_high'])}), "
        f"n = {week['n']}" + (" — fewer responses than the minimum, read with care" if week["below_minimum"] else ""),
        11,
    )
    line(
        f"Last 91 days: NPS {_fmt(nps['nps'])} (95% CI {_fmt(nps['ci_low'])} to {_fmt(nps['ci_high'])}), "
        f"n = {nps['n']}; "
        f"division {_fmt(div['nps'])} (n = {div['n']})",
        11,
    )
    if results["trend"]:
        pdf.image(_png(nps_trend(results["trend"], results["division_trend"], results["unit_name"])), w=180)
    if results["drivers"]["drivers"]:
        line(f"What moves NPS (relative weights, n = {results['drivers']['n']}):", 11)
        pdf.image(_png(driver_bars(results["drivers"]["drivers"])), w=170)
    line("Themes trending up:", 11)
    for theme in digest["trending"] or []:
        line(
            f"  {theme['label']}: {theme['trend']['earlier']:.0%} → {theme['trend']['later']:.0%} "
            f"of verbatims (n = {theme['n']})"
        )
    if not digest["trending"]:
        line("  none significantly up on the previous quarter")
    line("What members said:", 11)
    for theme in results["themes"]["themes"][:4]:
        for quote in theme["quotes"][:1]:
            line(f'  [{theme["label"]}] "{quote}"', 9, 5)
    line("Ideas this week:", 11)
    for idea in digest["new_ideas"] or []:
        line(f"  {idea.reference} {idea.title} ({idea.get_status_display()})", 9, 5)
    if not digest["new_ideas"]:
        line("  none yet — propose one on the results page")
    line("You said, we did:", 11)
    for idea in digest["adopted"]:
        line(f"  {idea.title}: {idea.outcome}", 9, 5)
    return bytes(pdf.output())
