"""The background worker's bookkeeping: whose task is running, and the tasks a killed worker left behind.

django-tasks' database worker marks a task RUNNING when it claims it and SUCCESSFUL or FAILED when
it ends. A worker killed in between (SIGKILL, the OOM killer, a power cut) leaves the task RUNNING
for ever, and nothing would run it again. Heartline's workers take ids naming their host and process
(`worker_id()`), so a worker starting on a host puts back in the queue the RUNNING tasks last
claimed by a process of that host that no longer exists (`requeue_abandoned`). Tasks claimed on
another host are left alone: only that host can tell whether their worker is alive.

Running a task again is safe because every Heartline task is idempotent: compaction checks whether
the table still needs it, a derived-table refresh whether the table is already current
(`heartline.core.tasks`), so a task killed after doing its work does not do it twice.
"""

from __future__ import annotations

import os
import socket

from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

HOST_LENGTH = 40  # django-tasks' worker ids are at most 64 characters


def _host() -> str:
    return socket.gethostname()[:HOST_LENGTH]


def worker_id() -> str:
    """This process's worker id: `host:pid`."""
    return f"{_host()}:{os.getpid()}"


def _gone(pid: int) -> bool:
    """True when no process `pid` runs on this host (or it is this one: a restart reusing the pid)."""
    if pid == os.getpid():
        return True  # this worker has claimed nothing yet: the task is a previous incarnation's
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # another user's process: alive
        return False
    return False


def _abandoned_here(claimed_by: list[str]) -> bool:
    host, _, pid = (claimed_by[-1] if claimed_by else "").rpartition(":")
    return host == _host() and pid.isdigit() and _gone(int(pid))


def requeue_abandoned() -> list[str]:
    """Put back in the queue the RUNNING tasks whose worker on this host has died; returns their names."""
    requeued = []
    for result in DBTaskResult.objects.running():
        if not _abandoned_here(list(result.worker_ids)):
            continue
        # Only if still RUNNING: another worker starting at the same moment requeues it once, not twice.
        put_back = DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.READY, started_at=None
        )
        if put_back:
            requeued.append(f"{result.task_name}{tuple(result.args_kwargs.get('args', []))}")
    return requeued


def waiting(task_path: str) -> bool:
    """Whether a task of `task_path` waits in the queue (READY): a running task whose work a later one
    would redo over newer data may leave it to that one."""
    return DBTaskResult.objects.filter(task_path=task_path, status=TaskResultStatus.READY).exists()
