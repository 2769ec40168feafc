"""The shipped federal ruleset against the regulations' text, and the checks that keep a ruleset sound.

Each row quotes the sentence of the Code of Federal Regulations (as in force on 2026-01-01) that
sets the clock, and the limit a reader takes from it; the ruleset must say the same."""

from __future__ import annotations

import datetime as dt

import pytest

from heartline.compliance.rules import RulesetError, load_ruleset, parse_ruleset

RULES = {rule.code: rule for rule in load_ruleset().rules}

# code: (limit, unit, longest extension in days, what the regulation says)
# fmt: off
REGULATION = {
    "part_c.grievance.standard": (30, "days", 14, "422.564(e): no later than 30 days after the date the organization receives the oral or written grievance; may extend the 30-day timeframe by up to 14 days"),  # noqa: E501
    "part_c.grievance.expedited": (24, "hours", 0, "422.564(f): must respond to an enrollee's grievance within 24 hours"),  # noqa: E501
    "part_c.org_determination.standard.2025": (14, "days", 14, "422.568(b)(1) before 2026: no later than 14 calendar days after the date the organization receives the request; may extend by up to 14 calendar days"),  # noqa: E501
    "part_c.org_determination.standard": (7, "days", 14, "422.568(b)(1) from 2026 (CMS-0057-F): no later than 7 calendar days after receiving the request; may extend by up to 14 calendar days"),  # noqa: E501
    "part_c.org_determination.part_b_drug": (72, "hours", 0, "422.568(b)(2): no later than 72 hours after receipt of the request (Part B drug)"),  # noqa: E501
    "part_c.org_determination.payment": (60, "days", 0, "422.520: pay or deny claims within 60 calendar days of receipt"),  # noqa: E501
    "part_c.org_determination.expedited": (72, "hours", 14, "422.572(a)(1): no later than 72 hours after receiving the request; may extend by up to 14 calendar days"),  # noqa: E501
    "part_c.org_determination.expedited.part_b_drug": (24, "hours", 0, "422.572(a)(2): no later than 24 hours after receiving the request (Part B drug)"),  # noqa: E501
    "part_c.reconsideration.standard": (30, "days", 14, "422.590(a)(1): no later than 30 calendar days from the date it receives the request for a standard reconsideration; 422.590(f) extension of up to 14 calendar days"),  # noqa: E501
    "part_c.reconsideration.payment": (60, "days", 0, "422.590(b): no later than 60 calendar days from the date it receives the request for a standard reconsideration (payment)"),  # noqa: E501
    "part_c.reconsideration.part_b_drug": (7, "days", 0, "422.590(c): no later than 7 calendar days from the date it receives the request (Part B drug)"),  # noqa: E501
    "part_c.reconsideration.expedited": (72, "hours", 14, "422.590(e)(1): no later than 72 hours after receiving the request; extension of up to 14 calendar days"),  # noqa: E501
    "part_c.reconsideration.expedited.part_b_drug": (72, "hours", 0, "422.590(e)(2): the extension does not apply to Part B drugs"),  # noqa: E501
    "part_d.grievance.standard": (30, "days", 14, "423.564(e): no later than 30 days after the date the Part D plan sponsor receives the grievance; may extend by up to 14 days"),  # noqa: E501
    "part_d.grievance.expedited": (24, "hours", 0, "423.564(f): must respond to an enrollee's grievance within 24 hours"),  # noqa: E501
    "part_d.coverage_determination.standard": (72, "hours", 0, "423.568(b): no later than 72 hours after receipt of the request"),  # noqa: E501
    "part_d.coverage_determination.payment": (14, "days", 0, "423.568(c): no later than 14 calendar days after receipt of the request (payment)"),  # noqa: E501
    "part_d.coverage_determination.expedited": (24, "hours", 0, "423.572(a): no later than 24 hours after receiving the request"),  # noqa: E501
    "part_d.redetermination.standard": (7, "days", 0, "423.590(a)(1): no later than 7 calendar days from the date it receives the request for a standard redetermination"),  # noqa: E501
    "part_d.redetermination.payment": (14, "days", 0, "423.590(b): no later than 14 calendar days from the date it receives the request (payment)"),  # noqa: E501
    "part_d.redetermination.expedited": (72, "hours", 0, "423.590(d)(1): no later than 72 hours after receiving the request"),  # noqa: E501
    "medicaid.grievance": (90, "days", 14, "438.408(b)(1): may not exceed 90 calendar days from the day the MCO receives the grievance; 438.408(c) extend by up to 14 calendar days"),  # noqa: E501
    "medicaid.service_authorization.standard.2025": (14, "days", 14, "438.210(d)(1) before 2026: may not exceed 14 calendar days following receipt of the request; extension up to 14 additional calendar days"),  # noqa: E501
    "medicaid.service_authorization.standard": (7, "days", 14, "438.210(d)(1) from 2026 (CMS-0057-F): may not exceed 7 calendar days following receipt; extension up to 14 additional calendar days"),  # noqa: E501
    "medicaid.service_authorization.expedited": (72, "hours", 14, "438.210(d)(2): no later than 72 hours after receipt of the request; may extend by up to 14 calendar days"),  # noqa: E501
    "medicaid.appeal.standard": (30, "days", 14, "438.408(b)(2): no longer than 30 calendar days from the day the MCO receives the appeal"),  # noqa: E501
    "medicaid.appeal.expedited": (72, "hours", 14, "438.408(b)(3): no longer than 72 hours after the MCO receives the appeal"),  # noqa: E501
    "commercial.claim.urgent": (72, "hours", 0, "2560.503-1(f)(2)(i): not later than 72 hours after receipt of the claim (urgent care)"),  # noqa: E501
    "commercial.claim.pre_service": (15, "days", 15, "2560.503-1(f)(2)(iii)(A): not later than 15 days after receipt; may be extended one time for up to 15 days"),  # noqa: E501
    "commercial.claim.post_service": (30, "days", 15, "2560.503-1(f)(2)(iii)(B): not later than 30 days after receipt; may be extended one time for up to 15 days"),  # noqa: E501
    "commercial.appeal.urgent": (72, "hours", 0, "2560.503-1(i)(2)(i): not later than 72 hours after receipt of the request for review"),  # noqa: E501
    "commercial.appeal.pre_service": (30, "days", 0, "2560.503-1(i)(2)(ii): not later than 30 days after receipt of the request for review"),  # noqa: E501
    "commercial.appeal.post_service": (60, "days", 0, "2560.503-1(i)(2)(iii): not later than 60 days after receipt of the request for review"),  # noqa: E501
}
# fmt: on


def test_the_ruleset_holds_exactly_the_rules_checked_against_the_regulations() -> None:
    assert set(RULES) == set(REGULATION)


@pytest.mark.parametrize("code", sorted(REGULATION))
def test_each_rule_says_what_its_regulation_says(code: str) -> None:
    limit, unit, extension, _text = REGULATION[code]
    rule = RULES[code]

    assert (rule.limit, rule.unit, rule.max_extension_days) == (limit, unit, extension)


def test_the_7_day_standard_determinations_start_on_1_january_2026() -> None:
    assert RULES["part_c.org_determination.standard"].effective_from == dt.date(2026, 1, 1)
    assert RULES["part_c.org_determination.standard.2025"].effective_to == dt.date(2026, 1, 1)


def test_erisa_sets_no_clock_for_a_commercial_grievance() -> None:
    assert load_ruleset().rule_for("commercial", "grievance", "standard", "service", dt.date(2026, 5, 1)) is None


RULE = """
[[rule]]
code = "a"
name = "A"
line_of_business = "medicaid"
category = "grievance"
priority = "standard"
request = "any"
limit = 90
unit = "days"
citation = "42 CFR 438.408(b)(1)"
effective_from = 2017-07-01
"""


def test_two_rules_that_would_judge_the_same_case_are_refused_by_name() -> None:
    with pytest.raises(RulesetError, match=r"^state\.toml: rules a and b both judge the same cases$"):
        parse_ruleset(RULE + RULE.replace('code = "a"', 'code = "b"'), "state.toml")


def test_an_unknown_unit_is_refused_naming_the_rule() -> None:
    with pytest.raises(RulesetError, match=r"^state\.toml: rule 1 \(a\): unit 'weeks' is not allowed$"):
        parse_ruleset(RULE.replace('unit = "days"', 'unit = "weeks"'), "state.toml")


def test_a_rule_without_a_citation_is_refused() -> None:
    with pytest.raises(RulesetError, match=r"rule 1 \(a\): an empty citation is not allowed"):
        parse_ruleset(RULE.replace('"42 CFR 438.408(b)(1)"', '" "'), "state.toml")
