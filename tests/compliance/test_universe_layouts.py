"""Audit universes in a superseded CMS layout say so wherever they are offered: the API listing, the
page and the command line (docs/adr/0010-superseded-universe-layouts-kept-and-labelled.md)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from typer.testing import CliRunner

from heartline.cli import app
from heartline.compliance.universe_layouts import UNIVERSES
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db

PERIOD = ["--from", "2026-10-01", "--to", "2026-10-31"]


def test_the_cms_10191_tables_are_marked_superseded_by_cms_10717() -> None:
    superseded = {name: u.superseded_by.split(",")[0] for name, u in UNIVERSES.items() if not u.in_force}

    assert superseded == dict.fromkeys(("part-c-sod", "part-c-eod", "part-c-claims"), "CMS-10717")


def test_the_api_says_whether_each_layout_is_in_force(
    client: Client, personas: Personas, api_token: Callable[..., str]
) -> None:
    headers = {"Authorization": f"Bearer {api_token(personas.manager.user)}"}

    listed = client.get("/api/v1/compliance/universes", headers=headers).json()

    sod = next(u for u in listed if u["name"] == "part-c-sod")
    assert sod["in_force"] is False
    assert sod["superseded_by"].startswith("CMS-10717, the Part C ODAG protocol of program audits from 2022")


def test_the_page_marks_a_superseded_layout(client_as: Callable[[str], Client]) -> None:
    html = client_as("manager").get("/compliance/universes/").content.decode()

    assert '<td data-testid="layout-part-c-eod"><strong>superseded</strong> by CMS-10717,' in html


def test_the_cli_warns_that_the_layout_is_superseded_and_says_so_in_json(tmp_path: Path) -> None:
    target = tmp_path / "claims.csv"

    result = CliRunner().invoke(
        app, ["compliance", "universe", "part-c-claims", *PERIOD, "--out", str(target), "--json"]
    )

    assert result.exit_code == 0, result.output
    written = json.loads(result.stdout)
    assert (written["in_force"], written["superseded_by"][:9]) == (False, "CMS-10717")
    assert "is a superseded layout" in " ".join(result.stderr.split())
