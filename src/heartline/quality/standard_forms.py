"""The standard forms Heartline ships: the Call Quality Audit and a HEART-style coaching form.

Each is sections of items: (code, text, scale, behavior code, weight, critical). The demo loads them;
a division loads them through the API (`POST /api/v1/quality/scorecards`) and versions its own changes.
"""

from __future__ import annotations

SCORECARD_CODE = "cqa"
COACHING_FORM_CODE = "heart-coaching"
# The standard Call Quality Audit: section -> items (code, text, scale, behavior, weight, critical).
CALL_QUALITY_AUDIT = (
    (
        "Opening",
        (
            ("welcome", "Welcomes the member warmly and by name", "yes_no_na", "welcome-and-thank", 1, False),
            (
                "verify",
                "Verifies identity before discussing health information",
                "yes_no_na",
                "verify-identity",
                2,
                True,
            ),
        ),
    ),
    (
        "Hear and empathize",
        (
            (
                "hear",
                "Lets the member tell the whole story; recaps the need",
                "one_to_five",
                "hear-the-member",
                2,
                False,
            ),
            ("empathize", "Acknowledges the member's concern", "one_to_five", "show-empathy", 2, False),
            ("apologize", "Apologizes and owns what went wrong", "yes_no_na", "apologize-and-own", 1, False),
        ),
    ),
    (
        "Resolve",
        (
            ("accurate", "Gives accurate benefit and claim information", "yes_no_na", "accurate-information", 2, True),
            (
                "one-and-done",
                "Resolves the need in this contact (consults rather than transfers)",
                "yes_no_na",
                "resolve-first-contact",
                2,
                False,
            ),
            ("plan", "States what happens next, by when and who owns it", "yes_no_na", "respond-with-a-plan", 1, False),
        ),
    ),
    ("Close", (("thank", "Thanks the member", "yes_no_na", "welcome-and-thank", 1, False),)),
)
HEART_FORM = (
    (
        "HEART",
        (
            ("h-hear", "Hear: listened fully, recapped the need", "one_to_five", "hear-the-member", 1, False),
            ("e-empathize", "Empathize: named the member's concern", "one_to_five", "show-empathy", 1, False),
            ("a-apologize", "Apologize: owned what went wrong", "one_to_five", "apologize-and-own", 1, False),
            ("r-respond", "Respond: resolved, or gave a clear plan", "one_to_five", "respond-with-a-plan", 1, False),
            ("t-thank", "Thank: thanked the member", "one_to_five", "welcome-and-thank", 1, False),
        ),
    ),
)
