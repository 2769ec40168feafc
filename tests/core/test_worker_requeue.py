"""A worker starting puts back the tasks a dead worker of its host left running, and only those."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from heartline.core.tasks import compact_warehouse_table
from heartline.core.worker import requeue_abandoned, worker_id

HOST = worker_id().rpartition(":")[0]  # this host's name, as worker ids carry it


def a_finished_pid() -> int:
    """The id of a process that has ended (and been reaped)."""
    process = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(process.stdout)


def running_task(claimed_by: str) -> DBTaskResult:
    result = DBTaskResult.objects.get(id=compact_warehouse_table.enqueue("contacts").id)
    result.claim(claimed_by)
    return result


def status_of(result: DBTaskResult) -> str:
    return str(DBTaskResult.objects.get(pk=result.pk).status)


@pytest.mark.django_db
def test_a_task_whose_worker_on_this_host_died_is_put_back_in_the_queue() -> None:
    task = running_task(f"{HOST}:{a_finished_pid()}")

    assert requeue_abandoned() == ["compact_warehouse_table('contacts',)"]
    assert status_of(task) == TaskResultStatus.READY


@pytest.mark.django_db
def test_a_task_of_a_live_worker_another_host_or_an_unknown_id_is_left_running() -> None:
    tasks = [
        running_task(f"{HOST}:{os.getppid()}"),
        running_task(f"another-host:{a_finished_pid()}"),
        running_task("h7Ghq2kP0sNwXb1c"),  # django-tasks' own random ids name no process
    ]

    assert requeue_abandoned() == []
    assert [status_of(t) for t in tasks] == [TaskResultStatus.RUNNING] * 3


@pytest.mark.django_db
def test_a_task_claimed_under_this_processs_own_id_is_a_previous_incarnations() -> None:
    """A restarted container reuses the pid: the new worker has claimed nothing yet."""
    task = running_task(worker_id())

    assert requeue_abandoned() == ["compact_warehouse_table('contacts',)"]
    assert status_of(task) == TaskResultStatus.READY
