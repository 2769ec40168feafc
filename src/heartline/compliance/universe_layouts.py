"""The audit universes Heartline exports, each a CMS record layout in CMS's column order.

Source (docs/compliance.md, "Audit universes", says how far each was verified): the Part C ODAG
"Audit Process and Data Request", CMS-10191, Appendix A record layouts — Table 1 SOD, Table 2 EOD,
Table 3 payment organization determinations (claims). These layouts are superseded: program audits
from 2022 use CMS-10717, whose Part C tables are combined differently (Table 1 OD: SOD, EOD and
dismissals) and whose columns differ from A on. Only CMS-10717's columns A–F could be read, so its
tables are not built; each universe here says so (`superseded_by`), and docs/adr/0010 says why they
are kept.
"""

from __future__ import annotations

from heartline.compliance import universe_cells as c
from heartline.compliance.universes import Universe, column_letter
from heartline.core.errors import NotFound

CMS_10191 = "CMS-10191 ODAG Appendix A"
PRE_SERVICE = ("service", "part_b_drug")
SUPERSEDED_BY_CMS_10717 = (
    "CMS-10717, the Part C ODAG protocol of program audits from 2022: its Table 1 (OD) joins standard and "
    "expedited pre-service determinations and dismissals, its Table 3 (PYMT_C) payment determinations and "
    "reconsiderations, and its columns differ from A on. Its full record layouts could not be read, so they "
    "are not built: check this file against the data request CMS sends before submitting it."
)

PART_C_STANDARD_PRE_SERVICE_ORGANIZATION_DETERMINATIONS = Universe(
    name="part-c-sod",
    title="Part C standard pre-service organization determinations",
    cms_table=f"Table 1: Standard Pre-service Organization Determinations (SOD), {CMS_10191}",
    line_of_business="medicare_part_c",
    category="initial_determination",
    priorities=("standard",),
    requests=PRE_SERVICE,
    columns=(
        *c.MEMBER_AND_CASE,
        c.REQUESTER,
        c.PROVIDER_TYPE,
        c.RECEIVED_DATE,
        *c.CLINICAL,
        c.blank(
            "Was request made under the expedited timeframe but processed by the plan under the standard timeframe?",
            "Heartline keeps the priority a case was processed under, not the one asked for",
        ),
        c.blank("Request for expedited timeframe", "who asked for an expedited decision is " + c.NOT_RECORDED),
        c.EXTENSION_TAKEN,
        c.EXTENSION_NOTICE,
        c.DISPOSITION,
        c.DECISION_DATE,
        *c.DENIAL_QUESTIONS,
        c.ORAL_NOTICE_DATE,
        c.WRITTEN_NOTICE_DATE,
        c.EFFECTUATED_DATE,
        c.AOR_RECEIPT,
        c.DELEGATE,
    ),
    superseded_by=SUPERSEDED_BY_CMS_10717,
)

PART_C_EXPEDITED_PRE_SERVICE_ORGANIZATION_DETERMINATIONS = Universe(
    name="part-c-eod",
    title="Part C expedited pre-service organization determinations",
    cms_table=f"Table 2: Expedited Pre-service Organization Determinations (EOD), {CMS_10191}",
    line_of_business="medicare_part_c",
    category="initial_determination",
    priorities=("expedited",),
    requests=PRE_SERVICE,
    columns=(
        *c.MEMBER_AND_CASE,
        c.REQUESTER,
        c.PROVIDER_TYPE,
        c.RECEIVED_DATE,
        c.RECEIVED_TIME,
        *c.CLINICAL,
        c.blank("Subsequent expedited request", "who asked for the expedited decision is " + c.NOT_RECORDED),
        c.EXTENSION_TAKEN,
        c.EXTENSION_NOTICE,
        c.DISPOSITION,
        c.DECISION_DATE,
        c.DECISION_TIME,
        *c.DENIAL_QUESTIONS,
        c.ORAL_NOTICE_DATE,
        c.ORAL_NOTICE_TIME,
        c.WRITTEN_NOTICE_DATE,
        c.WRITTEN_NOTICE_TIME,
        c.EFFECTUATED_DATE,
        c.blank("Time effectuated in the sponsor's system", "effectuation is " + c.NOT_RECORDED),
        c.AOR_RECEIPT,
        c.DELEGATE,
    ),
    superseded_by=SUPERSEDED_BY_CMS_10717,
)

PART_C_PAYMENT_ORGANIZATION_DETERMINATIONS = Universe(
    name="part-c-claims",
    title="Part C requests for payment organization determinations (claims)",
    cms_table=f"Table 3: Requests for Payment Organization Determinations (Claims), {CMS_10191}",
    line_of_business="medicare_part_c",
    category="initial_determination",
    priorities=("standard", "expedited"),
    requests=("payment",),
    columns=(
        *c.MEMBER_AND_CASE,
        c.PROVIDER_TYPE,
        c.blank("Is this a clean claim?", "claim cleanliness is " + c.NOT_RECORDED),
        c.RECEIVED_DATE,
        *c.CLINICAL,
        c.DISPOSITION,
        c.blank("Date the Claim was paid", "payment is " + c.NOT_RECORDED),
        c.blank("Was interest paid on the claim?", "interest is " + c.NOT_RECORDED),
        *c.DENIAL_QUESTIONS,
        c.WRITTEN_NOTICE_DATE,
        c.blank("Date written notification provided to provider", "notices to providers are " + c.NOT_RECORDED),
        c.DELEGATE,
    ),
    superseded_by=SUPERSEDED_BY_CMS_10717,
)

UNIVERSES: dict[str, Universe] = {
    universe.name: universe
    for universe in (
        PART_C_STANDARD_PRE_SERVICE_ORGANIZATION_DETERMINATIONS,
        PART_C_EXPEDITED_PRE_SERVICE_ORGANIZATION_DETERMINATIONS,
        PART_C_PAYMENT_ORGANIZATION_DETERMINATIONS,
    )
}
DEFAULT_UNIVERSE = PART_C_STANDARD_PRE_SERVICE_ORGANIZATION_DETERMINATIONS.name


def universe_named(name: str) -> Universe:
    """The universe called `name`; NotFound names the ones there are."""
    try:
        return UNIVERSES[name]
    except KeyError:
        known = ", ".join(sorted(UNIVERSES))
        raise NotFound(f"no universe {name!r}; there are: {known}") from None


def column_notes(universe: Universe) -> list[dict[str, str]]:
    """Each column's letter (A, B, …), CMS heading and what Heartline puts there."""
    return [
        {"column": column_letter(i), "heading": col.heading, "fills": col.fills}
        for i, col in enumerate(universe.columns)
    ]
