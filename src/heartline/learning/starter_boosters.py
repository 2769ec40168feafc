"""A starter set of boosters, one per front-line behavior of the behaviors app's starter catalog
(`heartline.behaviors.starter_catalog`): five to ten minutes each, assigned after two misses in the
last three audits rating the behavior, due in two weeks."""

from __future__ import annotations

from heartline.learning.services.boosters import BoosterPlan

STARTER_BOOSTERS: tuple[BoosterPlan, ...] = (
    BoosterPlan(
        "boost-hear-the-member",
        "Let them finish: three calls to listen to",
        "hear-the-member",
        "Listen to three model calls where the representative lets the member tell the whole story, "
        "then recaps the need in the member's words before answering. Note the recap line in each.",
        minutes=8,
    ),
    BoosterPlan(
        "boost-show-empathy",
        "Name the worry before the policy",
        "show-empathy",
        "Read five member situations and write one sentence for each that names the concern and how "
        "it affects the member, before any explanation of the rules.",
        minutes=10,
    ),
    BoosterPlan(
        "boost-apologize-and-own",
        "Sorry, and I'll take care of it",
        "apologize-and-own",
        "Rewrite four answers that blame another department into apologies that own the next step.",
        minutes=7,
    ),
    BoosterPlan(
        "boost-resolve-first-contact",
        "Consult, don't transfer",
        "resolve-first-contact",
        "Walk through when to consult the rapid-resolution team while the member stays on the line, "
        "with two recorded examples of a consult that saved a transfer.",
        minutes=10,
    ),
    BoosterPlan(
        "boost-respond-with-a-plan",
        "End every call with the plan",
        "respond-with-a-plan",
        "Practise the closing: what happens next, who does it, by when, and how the member will know.",
        minutes=6,
    ),
    BoosterPlan(
        "boost-accurate-information",
        "Check before you tell",
        "accurate-information",
        "A ten-question quiz on this quarter's benefit changes, with where to confirm each answer.",
        minutes=10,
    ),
    BoosterPlan(
        "boost-verify-identity",
        "Verify first, every time",
        "verify-identity",
        "The three identifiers to confirm before discussing protected information, and what to say "
        "when a caller cannot give them.",
        minutes=5,
        misses_to_assign=1,  # a privacy miss is serious: one in the last three is enough
    ),
    BoosterPlan(
        "boost-welcome-and-thank",
        "Open warm, close warm",
        "welcome-and-thank",
        "Listen to two openings and two closings that members praised, and record your own.",
        minutes=5,
    ),
)
