"""Background work for decision clocks, run by `heartline worker` (django-tasks)."""

from __future__ import annotations

from typing import Any

from django_tasks import task


@task()
def alert_clocks_running_out() -> dict[str, Any]:
    """Warn owners of the cases whose clock is 75% used or overdue, once per case and threshold."""
    from heartline.compliance.alert_services import raise_clock_alerts
    from heartline.core.scoping import OPERATOR

    return raise_clock_alerts(OPERATOR).as_dict()
