"""The scorecard items auto-QA judges from words, and how they line up with human audit answers.

Each auto item names the scorecard items it answers (the standard Call Quality Audit's and the HEART
coaching form's codes, quality.standard_forms) and the behavior behind them (behaviors' starter
catalog), so an auto answer sits beside the auditor's answer to the same item. A human rating counts
as "met" the way quality.scoring counts a behavior shown (Yes; 4 or 5 on a 1–5 scale), N/A as "na".
Items with no scorecard item yet (further help, hold etiquette) are judged and shown, but have no
human answers to measure against until a scorecard asks them, so they stay "suggested".
"""

from __future__ import annotations

from dataclasses import dataclass

from heartline.quality import scoring
from heartline.quality.auto_qa.contracts import Answer


@dataclass(frozen=True)
class AutoItem:
    code: str
    title: str
    scorecard_items: tuple[str, ...]  # codes of the scorecard items this answers
    behavior: str | None  # the behavior code those items rate


AUTO_ITEMS: tuple[AutoItem, ...] = (
    AutoItem("greeting", "Greets the member at the start", ("welcome",), "welcome-and-thank"),
    AutoItem("identity", "Verifies identity before any health information", ("verify",), "verify-identity"),
    AutoItem("recap", "Recaps the member's need", ("hear", "h-hear"), "hear-the-member"),
    AutoItem("empathy", "Acknowledges the member's concern", ("empathize", "e-empathize"), "show-empathy"),
    AutoItem("ownership", "Apologizes and owns what went wrong", ("apologize", "a-apologize"), "apologize-and-own"),
    AutoItem("next_steps", "States what happens next, by when", ("plan",), "respond-with-a-plan"),
    AutoItem("thanks", "Thanks the member at the close", ("thank", "t-thank"), "welcome-and-thank"),
    AutoItem("further_help", "Offers further help before closing", (), None),
    AutoItem("hold", "Hold etiquette: asks permission, thanks for holding", (), None),
)
ITEM_CODES: tuple[str, ...] = tuple(item.code for item in AUTO_ITEMS)
BY_SCORECARD_ITEM: dict[str, str] = {code: item.code for item in AUTO_ITEMS for code in item.scorecard_items}


def auto_item_for(scorecard_item_code: str) -> str | None:
    """The auto item answering a scorecard item, or None when auto-QA does not judge it."""
    return BY_SCORECARD_ITEM.get(scorecard_item_code)


def answer_from_rating(scale: str, rating: int | None) -> Answer:
    """A human audit answer as an auto answer: met when the behavior counts as shown, na when N/A."""
    shown = scoring.shows_behavior(scale, rating)
    if shown is None:
        return "na"
    return "met" if shown else "not_met"


def human_answers(ratings: dict[str, tuple[str, int | None]]) -> dict[str, Answer]:
    """Auto item answers from one audit's {scorecard item code: (scale, rating)}; other items dropped."""
    answers: dict[str, Answer] = {}
    for code, (scale, rating) in ratings.items():
        item = auto_item_for(code)
        if item is not None:
            answers[item] = answer_from_rating(scale, rating)
    return answers
