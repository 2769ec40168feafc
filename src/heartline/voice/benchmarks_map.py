"""Which outside benchmark measure is set beside which of our survey items, and what the comparison
cannot say. Data, not code: add a row to `BENCHMARK_MAP` to compare another measure.

Every comparison is of **top-box shares**: the benchmark's percent (CMS's "always", "yes",
"definitely", "9 or 10") beside the share of our responses in the item's top box (agreement 4–5,
"Always", "Yes", 9–10 of 0–10; `voice.scoring.item_score`), each with its n. The HCAHPS measure IDs
are CMS's own (Care Compare's HCAHPS files); the `CAHPS_HP_…` ids are for Health Plan CAHPS results
a user writes in the generic layout (CMS publishes those as reports, not one file layout).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MeasureMap:
    """One benchmark measure and the item of ours it is set beside."""

    measure: str  # the benchmark file's measure id
    item: str  # our survey item (voice.surveys)
    theirs: str  # what the benchmark counts, in words
    ours: str  # what our top box counts, in words
    instrument: str  # how the two questions differ


BENCHMARK_MAP: tuple[MeasureMap, ...] = (
    MeasureMap(
        "H_RECMND_DY",
        "nps",
        "patients who would definitely recommend the hospital",
        "members answering 9–10 of 0–10 on recommending the plan (promoters)",
        "HCAHPS asks about a hospital stay on a 4-point scale; ours about the health plan, 0–10.",
    ),
    MeasureMap(
        "H_HSP_RATING_9_10",
        "plan_rating",
        "patients rating the hospital 9 or 10 of 0–10",
        "members rating the health plan 9 or 10 of 0–10",
        "The same 0–10 rating, of a hospital there and of the health plan here.",
    ),
    MeasureMap(
        "H_NURSE_RESPECT_A_P",
        "cs_courtesy",
        "patients whose nurses always treated them with courtesy and respect",
        "members whose customer service always treated them with courtesy and respect",
        "The same frequency scale; nurses on a ward there, customer service staff here.",
    ),
    MeasureMap(
        "H_NURSE_EXPLAIN_A_P",
        "clarity",
        "patients whose nurses always explained things in a way they could understand",
        "members agreeing (4–5 of 5) that things were explained in a way easy to understand",
        "HCAHPS uses a Never–Always frequency scale; ours a 1–5 agreement after one contact.",
    ),
    MeasureMap(
        "H_COMP_6_Y_P",
        "got_needed",
        "patients given information about what to do during their recovery at home",
        "members who got the information they needed about how their plan works",
        "Both Yes/No; about recovery after a stay there, about the plan's workings here.",
    ),
    MeasureMap(
        "CAHPS_HP_CS_INFO_ALWAYS",
        "cs_info",
        "Health Plan CAHPS: customer service always gave the information or help needed",
        "the same question in our CAHPS-style survey",
        "Our wording is modelled on the CAHPS Health Plan item; it is not the licensed instrument.",
    ),
    MeasureMap(
        "CAHPS_HP_CS_COURTESY_ALWAYS",
        "cs_courtesy",
        "Health Plan CAHPS: customer service staff always treated them with courtesy and respect",
        "the same question in our CAHPS-style survey",
        "Our wording is modelled on the CAHPS Health Plan item; it is not the licensed instrument.",
    ),
    MeasureMap(
        "CAHPS_HP_FORMS_EASY_ALWAYS",
        "forms_easy",
        "Health Plan CAHPS: forms were always easy to fill out",
        "the same question in our CAHPS-style survey",
        "Our wording is modelled on the CAHPS Health Plan item; it is not the licensed instrument.",
    ),
    MeasureMap(
        "CAHPS_HP_PLAN_RATING_9_10",
        "plan_rating",
        "Health Plan CAHPS: rated the health plan 9 or 10 of 0–10",
        "members rating the health plan 9 or 10 of 0–10",
        "The same rating; CAHPS results are case-mix adjusted, ours are not.",
    ),
)
MAP_BY_MEASURE: dict[str, MeasureMap] = {m.measure: m for m in BENCHMARK_MAP}

# What every comparison with an outside benchmark cannot say, shown beside it.
CAVEATS: tuple[str, ...] = (
    "Different instrument: the questions are alike, not the same (each row says how they differ).",
    "Different mode: CMS surveys by mail, phone and web weeks after a stay or each year; ours follow a "
    "contact within days.",
    "Different population: the benchmark's patients or enrollees, not our members; a plan's mix of lines "
    "of business (Medicare, Medicaid, Commercial) moves its scores.",
    "No case-mix adjustment on our side: CMS adjusts its percents for patient mix and survey mode; our "
    "shares are as answered.",
    "Different period: read the benchmark's period beside ours; no difference is tested for significance.",
)
