"""A starter set of values and behaviors, as a merged member-services division wrote them (the demo
loads it; a division can load it and adapt it): each value with its front-line and leadership
behaviors, which leadership behaviors reinforce which, and unit wordings that came later."""

from __future__ import annotations

# value code, name, description, front-line behaviors, leadership behaviors.
# A behavior: (code, title, description, looks like, doesn't look like).
Behavior = tuple[str, str, str, tuple[str, ...], tuple[str, ...]]

VALUES: tuple[tuple[str, str, str, tuple[Behavior, ...], tuple[Behavior, ...]], ...] = (
    (
        "compassion",
        "Compassion",
        "We treat every member as we would want our own family treated.",
        (
            (
                "hear-the-member",
                "Hear the member out",
                "Let the member tell the whole story before answering.",
                ("Lets the member finish; recaps the need in their words",),
                ("Interrupts with a script", "Asks for the ID before hearing the problem"),
            ),
            (
                "show-empathy",
                "Show empathy",
                "Name the member's concern and how it affects them.",
                ('"I can hear how worrying a denied claim is."',),
                ("Reads the policy back without acknowledging the worry",),
            ),
            (
                "apologize-and-own",
                "Apologize and own it",
                "Apologize sincerely for what went wrong, without blaming others.",
                ("\"I'm sorry this happened; I'll take care of it.\"",),
                ("\"That's the claims department's fault.\"",),
            ),
        ),
        (
            (
                "model-compassion",
                "Model compassion in huddles",
                "Leaders tell member stories and listen to staff the way we ask staff to listen to members.",
                ("Opens huddles with a member story",),
                ("Talks only about handle time",),
            ),
        ),
    ),
    (
        "one-and-done",
        "Ownership: one and done",
        "The representative who picks up resolves the member's question in that interaction.",
        (
            (
                "resolve-first-contact",
                "Resolve it in this contact",
                "Take the member's need to resolution before the call ends.",
                ("Consults the rapid-resolution team while the member stays on the line",),
                ("Transfers to another queue when a consult would do",),
            ),
            (
                "respond-with-a-plan",
                "Respond with a clear plan",
                "Say what will happen next, by when, and who owns it.",
                ("\"You'll get the new card by Friday; I've noted it on your case.\"",),
                ('"Someone will call you."',),
            ),
            (
                "accurate-information",
                "Give accurate information",
                "Check benefits and claims before answering.",
                ("Confirms the benefit in the plan documents",),
                ("Guesses a copay",),
            ),
        ),
        (
            (
                "clear-the-way",
                "Clear the way for first-contact resolution",
                "Leaders remove the obstacles representatives name and recognize first-contact resolution.",
                ("Acts on a rep's idea within the week", "Recognizes one-and-done calls in huddles"),
                ("Measures only handle time",),
            ),
        ),
    ),
    (
        "respect",
        "Respect and privacy",
        "We protect members' information and honour their preferences.",
        (
            (
                "verify-identity",
                "Verify identity before discussing health information",
                "Confirm who you are speaking with before any PHI.",
                ("Two identifiers checked before any claim detail",),
                ("Discusses a claim with an unverified caller",),
            ),
            (
                "welcome-and-thank",
                "Welcome and thank the member",
                "Open warmly and thank the member for their time and trust.",
                ("Greets by name; thanks at close",),
                ("Ends the call abruptly",),
            ),
        ),
        (
            (
                "coach-with-respect",
                "Coach with respect",
                "Leaders coach in private, specifically and promptly, and follow up on commitments.",
                ("Follow-up held on the date agreed",),
                ("Coaching only after a complaint",),
            ),
        ),
    ),
)

# Front-line behavior -> the leadership behaviors that reinforce it.
REINFORCED_BY = {
    "hear-the-member": ("model-compassion", "coach-with-respect"),
    "show-empathy": ("model-compassion",),
    "apologize-and-own": ("model-compassion", "clear-the-way"),
    "resolve-first-contact": ("clear-the-way",),
    "respond-with-a-plan": ("clear-the-way", "coach-with-respect"),
    "accurate-information": ("coach-with-respect",),
    "verify-identity": ("coach-with-respect",),
    "welcome-and-thank": ("model-compassion",),
}

# Units that adapted a behavior's words: (unit, behavior, new title, looks like, months after the start).
UNIT_WORDINGS = (
    (
        "medicare",
        "hear-the-member",
        "Hear the member out — take the time older members need",
        ("Slows down; checks the member could hear and follow",),
        3,
    ),
    (
        "medicare",
        "hear-the-member",
        "Hear the member out — and check they followed",
        ("Slows down; asks the member to say back the next step",),
        9,
    ),
    (
        "commercial-inbound",
        "resolve-first-contact",
        "Resolve it now — consult the rapid-resolution team first",
        ("Opens a consult instead of a transfer",),
        9,
    ),
    (
        "medicaid",
        "respond-with-a-plan",
        "Respond with a plan the member can act on today",
        ("Books the ride or the appointment while on the call",),
        5,
    ),
)
