"""`heartline redact FILE [--language auto|en|es|zh] [--json]`: the PHI redactor over a text file.

Prints the redacted text; with `--json`, `{"text": …, "spans": [{"start", "end", "type"}]}` where the
offsets are into the input text (characters, as Python counts them) and the PHI itself is never printed.
No names from our records are passed (no database is needed): names are found from speech cues. `-` reads
standard input.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from heartline.commands.common import console


def redact(
    file: Annotated[Path, typer.Argument(help="A UTF-8 text file (a transcript, verbatims…); - for standard input")],
    language: Annotated[
        str, typer.Option("--language", help="auto (by script and common words), en, es or zh")
    ] = "auto",
    as_json: Annotated[bool, typer.Option("--json", help="Print the redacted text and where each finding was")] = False,
) -> None:
    """Print FILE with PHI replaced by typed placeholders ([NAME], [PHONE], [DATE]…)."""
    # Imported here: compiling the redactor's patterns costs every other command's start-up ~0.3 s.
    from heartline.core.redaction import LANGUAGES, Redactor, replaced

    if language not in ("auto", *LANGUAGES):
        console.print(f"[red]--language must be auto, {', '.join(LANGUAGES)}; not {language!r}[/red]", soft_wrap=True)
        raise typer.Exit(2)
    text = _read(file)
    redactor = Redactor(language=language)
    findings = redactor.findings(text)
    redacted = replaced(text, findings)
    if as_json:
        spans = [{"start": f.start, "end": f.end, "type": f.kind} for f in findings]
        typer.echo(json.dumps({"text": redacted, "spans": spans}, ensure_ascii=False))
        return
    typer.echo(redacted, nl=not redacted.endswith("\n"))


def _read(file: Path) -> str:
    if str(file) == "-":
        return sys.stdin.read()
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        console.print(f"[red]No such file: {file}[/red]", soft_wrap=True)
        raise typer.Exit(2) from None
    except IsADirectoryError:
        console.print(f"[red]{file} is a folder, not a text file[/red]", soft_wrap=True)
        raise typer.Exit(2) from None
    except OSError as exc:
        console.print(f"[red]Cannot read {file}: {exc.strerror}[/red]", soft_wrap=True)
        raise typer.Exit(2) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        console.print(
            f"[red]{file} is not UTF-8 text (byte {exc.start}: {data[exc.start : exc.start + 1]!r})[/red]",
            soft_wrap=True,
        )
        raise typer.Exit(2) from None
