"""Progress reporting for the demo build: a plain callback, or a Rich progress display.

Steps report `(step name, done, total)`; `as_reporter` turns whatever the caller passed — nothing,
a callback, or a `rich.progress.Progress` — into one such callback, adding one Rich task per step.
"""

from __future__ import annotations

from rich.progress import Progress, TaskID

from heartline.demo.steps import Reporter


def as_reporter(progress: Reporter | Progress | None) -> Reporter | None:
    """A `(step, done, total)` callback for `progress`, or None when nobody is watching."""
    if progress is None:
        return None
    if isinstance(progress, Progress):
        return _rich_reporter(progress)
    return progress


def _rich_reporter(progress: Progress) -> Reporter:
    tasks: dict[str, TaskID] = {}

    def report(step: str, done: int, total: int) -> None:
        if step not in tasks:
            tasks[step] = progress.add_task(step, total=max(total, 1))
        progress.update(tasks[step], completed=done, total=max(total, 1))

    return report
