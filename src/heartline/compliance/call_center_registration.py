"""What the call-center standards add to Heartline when the app loads: the `test_calls` table and the
runners in the warehouse, the `test-calls` ingest kind, and the page in the menu."""

from __future__ import annotations


def register_call_center() -> None:
    from heartline.core.navigation import add_page
    from heartline.core.permissions import Capability
    from heartline.ingest.kinds import register_kind
    from heartline.warehouse.registrations import defer

    # imported when a registry or the kind is first used (they build on Ibis and pyarrow)
    defer("heartline.compliance.tables", "heartline.compliance.call_center_metrics")
    register_kind("test-calls", "heartline.compliance.test_calls:load_test_calls")
    add_page(
        "Call-center standards",
        "compliance:call-center",
        capability=Capability.FOLLOW_CALL_CENTER_STANDARDS,
        order=71,
    )
