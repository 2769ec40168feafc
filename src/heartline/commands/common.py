"""What every command shares: Django setup from the environment, migrations, consoles, progress bars."""

from __future__ import annotations

import os
from collections.abc import Callable

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

console = Console(stderr=True)
out = Console()


def setup_django(demo: bool = False) -> None:
    """Load settings from the environment; `demo` marks the demo (HEARTLINE_DEMO, see config/settings.py).

    The mark is an environment variable so the web server the demo starts reads the same settings.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heartline.config.settings")
    if demo:
        os.environ.setdefault("HEARTLINE_DEMO", "true")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        console.print(f"[red]Configuration error:[/red] {exc}")
        raise typer.Exit(2) from exc


def migrate(verbose: bool = False) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1 if verbose else 0)


def rich_progress() -> tuple[Progress, Callable[[str, int, int], None]]:
    """A Rich progress display and a `(step, done, total)` callback that drives it."""
    progress = Progress(
        TextColumn("[bold]{task.description:<22}"),
        BarColumn(),
        TextColumn("{task.completed:>12,.0f} / {task.total:,.0f}"),
        TimeElapsedColumn(),
        console=console,
    )
    tasks: dict[str, TaskID] = {}

    def report(step: str, done: int, total: int) -> None:
        if step not in tasks:
            tasks[step] = progress.add_task(step, total=max(total, 1))
        progress.update(tasks[step], completed=done, total=max(total, 1))

    return progress, report
