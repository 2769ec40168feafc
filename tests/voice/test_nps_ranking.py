"""Ranking groups by NPS: only groups with enough responses and an interval that has width are ranked."""

from __future__ import annotations

from heartline.voice.scoring import ranked_groups


def row(unit: str, promoters: int, passives: int, detractors: int) -> dict[str, object]:
    n = promoters + passives + detractors
    return {"unit": unit, "promoters": promoters, "passives": passives, "detractors": detractors, "n": n}


def test_an_all_promoter_unit_is_ranked_on_an_interval_with_width() -> None:
    groups = ranked_groups([row("commercial", 20, 8, 2), row("medicare", 30, 0, 0)], "unit", minimum=30)

    first = groups[0]
    assert (first.label, first.rank, first.nps.nps) == ("medicare", 1, 100.0)
    assert first.nps.ci_low < first.nps.ci_high == 100.0


def test_a_unit_under_the_minimum_is_listed_after_the_ranked_ones_without_a_rank() -> None:
    groups = ranked_groups([row("small", 10, 0, 0), row("commercial", 20, 8, 2)], "unit", minimum=30)

    assert [(g.label, g.rank, g.below_minimum) for g in groups] == [("commercial", 1, False), ("small", None, True)]
