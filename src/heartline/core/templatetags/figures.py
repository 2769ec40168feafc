"""`{% load figures %}`: metric rows rounded for people, the way `heartline metrics` prints them.

- `{{ row|figure:"percent" }}` → `78.0% (77.7–78.0)`; `{{ row|figure }}` → `312.4 (305.1–319.8)`;
  a row with no interval (a count) shows its value alone;
- `{{ row|figure_value:"percent" }}` → `78.0%` and `{{ row|figure_interval:"percent" }}` → `77.7–78.0`,
  for a headline figure with its interval on the line below.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

from heartline.core import figures

register = template.Library()


def _percent(style: str) -> bool:
    if style not in ("", "percent"):
        raise template.TemplateSyntaxError(f'figure filters take "percent" or nothing, not {style!r}')
    return style == "percent"


@register.filter
def figure(row: Mapping[str, Any], style: str = "") -> str:
    return figures.figure(row, _percent(style))


@register.filter
def figure_value(row: Mapping[str, Any], style: str = "") -> str:
    return figures.figure_value(row, _percent(style))


@register.filter
def figure_interval(row: Mapping[str, Any], style: str = "") -> str:
    return figures.figure_interval(row, _percent(style))
