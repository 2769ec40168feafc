"""Figures rounded for people: the same text on pages (template filters) and in `heartline metrics`."""

from __future__ import annotations

from django.template import Context, Template

from heartline.core.figures import figure, figure_interval, figure_value

RATE = {"value": 0.78, "ci_low": 0.7771, "ci_high": 0.7804, "numerator": 780, "denominator": 1000, "n": 1000}
MEAN = {"value": 312.44, "ci_low": 305.08, "ci_high": 319.81, "sd": 88.0, "n": 600}
COUNT = {"value": 1204.0, "ci_low": None, "ci_high": None, "n": 1204}


def test_a_proportion_is_a_percentage_to_one_decimal_with_its_interval() -> None:
    assert figure(RATE, percent=True) == "78.0% (77.7–78.0)"


def test_a_mean_of_hundreds_shows_one_decimal() -> None:
    assert figure(MEAN) == "312.4 (305.1–319.8)"


def test_a_small_mean_shows_three_decimals() -> None:
    assert figure({"value": 0.75, "ci_low": 0.2, "ci_high": 1.3}) == "0.750 (0.200–1.300)"


def test_a_count_is_a_whole_number_without_an_interval() -> None:
    assert figure(COUNT) == "1,204"


def test_a_figure_without_a_value_is_a_dash() -> None:
    assert figure({"value": None, "ci_low": None, "ci_high": None}, percent=True) == "—"


def test_the_value_and_interval_apart_for_a_headline() -> None:
    assert (figure_value(RATE, percent=True), figure_interval(RATE, percent=True)) == ("78.0%", "77.7–78.0")


def test_pages_print_the_same_text_through_the_filters() -> None:
    template = Template(
        '{% load figures %}{{ r|figure:"percent" }} / {{ m|figure }} / {{ r|figure_interval:"percent" }}'
    )

    assert template.render(Context({"r": RATE, "m": MEAN})) == "78.0% (77.7–78.0) / 312.4 (305.1–319.8) / 77.7–78.0"
