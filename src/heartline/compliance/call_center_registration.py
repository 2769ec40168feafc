"""What the call-center standards add to Heartline when the app loads: the `test_calls` table and the
runners in the warehouse, the `test-calls` ingest kind, and the page in the menu."""

from __future__ import annotations


def register_call_center() -> None:
    from heartline.compliance import call_center_metrics, tables  # noqa: F401  (register with the warehouse)
    from heartline.compliance.test_calls import KIND, load_test_calls
    from heartline.core.navigation import add_page
    from heartline.core.permissions import Capability
    from heartline.ingest.kinds import register_kind

    register_kind(KIND, load_test_calls)
    add_page(
        "Call-center standards",
        "compliance:call-center",
        capability=Capability.FOLLOW_CALL_CENTER_STANDARDS,
        order=71,
    )
