"""What the runner framework adds to every metric: the 95% interval its declared estimate gives, and
declared options parsed and checked generically.

Runner-level figures come from hand_facts.CONTACTS_BY_HAND: unit u1 holds c1, c2, c5, c7, three of them
phone calls (c1, c5, c7) and one chat (c2).
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

import ibis.expr.types as ir
import pytest

from heartline.contacts.metrics import ContactVolume
from heartline.contacts.metrics.base import ContactsRunner
from heartline.contacts.metrics.dimensions import rate
from heartline.warehouse.estimates import MEAN, PROPORTION, Estimate, with_interval
from heartline.warehouse.reader import DuckDBSource
from heartline.warehouse.runners import MetricOption, MetricQuery, MetricQueryError, register_runner
from heartline.warehouse.scope import Scope

U1 = Scope.of_units("u1")


class PhoneShare(ContactsRunner):
    """A proportion: the share of contacts that were phone calls (never registered)."""

    name = "phone-share"
    title = "Phone share"
    estimate: ClassVar[Estimate | None] = PROPORTION

    def to_expr(self) -> ir.Table:
        contacts = self.filtered()
        return rate(contacts, self.group_keys(contacts), contacts.channel == "phone")


class VolumeAsMean(ContactVolume):
    """A runner that claims to estimate a mean but gives no sd (never registered)."""

    estimate: ClassVar[Estimate | None] = MEAN


class Windowed(ContactVolume):
    """Contact volume with the options every kind of option test needs (never registered)."""

    options: ClassVar[tuple[MetricOption, ...]] = (
        MetricOption("window_days", "int", "Repeat window", default=7, minimum=1, maximum=90),
        MetricOption("threshold_seconds", "int", "Answer threshold", default=30, minimum=0),
        MetricOption("share", "float", "A share", default=0.5, maximum=1),
        MetricOption("item", "str", "A survey item", default="csat", choices=("csat", "nps")),
    )


class NeedsItem(ContactVolume):
    options: ClassVar[tuple[MetricOption, ...]] = (
        MetricOption("item", "str", "A survey item", choices=("csat", "nps")),
    )


# -- intervals ------------------------------------------------------------------------------------


def test_a_proportion_carries_the_wilson_interval_of_newcombes_table() -> None:
    # Newcombe (1998), Table I, method 3: 81/263 → 0.2553 to 0.3662
    low, high = PROPORTION.interval({"value": 81 / 263, "numerator": 81, "denominator": 263})

    assert (round(low or 0, 4), round(high or 0, 4)) == (0.2553, 0.3662)


def test_a_mean_carries_the_t_interval() -> None:
    # 1, 1, 2, 3, 5, 12: mean 4, sd √17.6, t(0.975, 5) = 2.571 → 4 ± 4.403
    low, high = MEAN.interval({"value": 4.0, "sd": math.sqrt(17.6), "n": 6})

    assert (low, high) == pytest.approx((-0.403, 8.403), abs=1e-3)


def test_a_mean_of_one_record_has_no_interval() -> None:
    assert MEAN.interval({"value": 4.0, "sd": None, "n": 1}) == (None, None)


def test_a_proportion_of_nothing_has_no_interval() -> None:
    assert PROPORTION.interval({"value": None, "numerator": 0, "denominator": 0}) == (None, None)


def test_the_interval_follows_the_value_in_a_row() -> None:
    row = with_interval({"unit": "u1", "value": 0.5, "numerator": 1, "denominator": 2, "n": 2}, None)

    assert list(row) == ["unit", "value", "ci_low", "ci_high", "numerator", "denominator", "n"]


def test_every_row_of_a_proportion_runner_carries_its_wilson_interval(duck: DuckDBSource) -> None:
    rows = PhoneShare(MetricQuery(by=("unit",)), U1, duck).run().rows

    # 3 phone calls of 4 contacts: Wilson → 0.3006 to 0.9544 (statsmodels gives the same)
    assert [(r["unit"], r["numerator"], r["denominator"]) for r in rows] == [("u1", 3, 4)]
    assert (rows[0]["ci_low"], rows[0]["ci_high"]) == pytest.approx((0.30064, 0.95441), abs=1e-5)


def test_a_count_carries_no_interval(duck: DuckDBSource) -> None:
    rows = ContactVolume(MetricQuery(), U1, duck).run().rows

    assert rows == [{"value": 4.0, "ci_low": None, "ci_high": None, "numerator": None, "denominator": None, "n": 4}]


def test_a_runner_claiming_a_mean_without_an_sd_cannot_run(duck: DuckDBSource) -> None:
    with pytest.raises(TypeError, match="contact-volume estimates a mean but its rows have no sd"):
        VolumeAsMean(MetricQuery(), U1, duck).run()


def test_a_runner_that_does_not_declare_its_estimate_is_not_registered() -> None:
    class Undeclared(ContactsRunner):
        name = "undeclared"
        title = "Undeclared"

        def to_expr(self) -> ir.Table:
            return self.filtered()

    with pytest.raises(TypeError, match="runner 'undeclared' must declare estimate"):
        register_runner(Undeclared)


def test_an_option_named_like_a_dimension_is_not_registered() -> None:
    class Clashing(ContactVolume):
        name = "clashing"
        options: ClassVar[tuple[MetricOption, ...]] = (MetricOption("unit", "str", "Clashes", default="x"),)

    with pytest.raises(TypeError, match="option 'unit' clashes with a dimension or parameter"):
        register_runner(Clashing)


# -- options --------------------------------------------------------------------------------------


def test_options_not_given_take_their_defaults() -> None:
    assert Windowed.parse_options({}) == {"window_days": 7, "threshold_seconds": 30, "share": 0.5, "item": "csat"}


def test_options_given_as_text_are_parsed_to_their_types() -> None:
    parsed = Windowed.parse_options({"window_days": "3", "share": "0.25", "item": "nps"})

    assert parsed == {"window_days": 3, "threshold_seconds": 30, "share": 0.25, "item": "nps"}


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"window_days": "soon"}, "window_days='soon' is not a whole number"),
        ({"share": "half"}, "share='half' is not a number"),
        ({"share": "nan"}, "share='nan' is not a number"),
        ({"window_days": "91"}, "window_days must be between 1 and 90, not 91"),
        ({"threshold_seconds": -1}, "threshold_seconds must be at least 0, not -1"),
        ({"share": "1.5"}, "share must be at most 1, not 1.5"),
        ({"item": "verbatim"}, "item must be one of csat, nps; got 'verbatim'"),
        (
            {"colour": "blue"},
            "metric 'contact-volume' has no option 'colour' (options: window_days, threshold_seconds, share, item)",
        ),
    ],
)
def test_a_bad_option_is_refused_saying_why(given: dict[str, Any], message: str) -> None:
    with pytest.raises(MetricQueryError) as error:
        Windowed.parse_options(given)

    assert str(error.value) == message


def test_a_metric_without_options_says_so() -> None:
    with pytest.raises(MetricQueryError) as error:
        ContactVolume.parse_options({"window_days": "3"})

    assert str(error.value) == "metric 'contact-volume' has no option 'window_days' (it takes no options)"


def test_an_option_without_a_default_must_be_given() -> None:
    with pytest.raises(MetricQueryError) as error:
        NeedsItem.parse_options({})

    assert str(error.value) == "contact-volume needs option item, one of csat, nps"


def test_a_runner_refuses_a_bad_option_before_it_reads_anything(duck: DuckDBSource) -> None:
    with pytest.raises(MetricQueryError, match="window_days must be between 1 and 90, not 0"):
        Windowed(MetricQuery(options={"window_days": 0}), U1, duck)


def test_the_same_options_given_or_defaulted_are_the_same_question(duck: DuckDBSource) -> None:
    defaulted = Windowed(MetricQuery(), U1, duck)
    given = Windowed(MetricQuery(options={"window_days": "7"}), U1, duck)

    assert defaulted.cache_key() == given.cache_key()
