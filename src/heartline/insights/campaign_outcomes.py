"""The `campaign-outcomes` ingest kind: what happened to each targeted member, loaded back from the
channel system (or from the plan's own records) after a campaign.

One row per campaign and member — treated *and* holdout, since the uplift compares the two:
`campaign_id, member_id, observed_at, converted`. `converted` is whether the member did what the
campaign asked (booked the visit, refilled, set up auto-pay) by `observed_at`; a member with no row
counts as not converted. Loaded by the shared ingest engine like every tabular kind (every value
checked column by column, problems reported by file, row, field and reason; rows merged on
`campaign_id` + `member_id`, so loading the same file again changes nothing and a corrected file
replaces the rows it names). Heartline's own check: the campaign must exist and the member must be one
it targeted (docs/insights.md, "Campaigns").
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa

from heartline.ingest import FieldKind, FieldRule, IngestOptions, IngestReport, NativeFormat
from heartline.ingest.validation import Checked, flag_indices
from heartline.warehouse.tables import TableSpec, register

KIND = "campaign-outcomes"

CAMPAIGN_OUTCOMES = register(
    TableSpec(
        name="campaign_outcomes",
        description="Whether each member a campaign targeted (treated or holdout) converted, as loaded back.",
        schema=pa.schema(
            [
                pa.field("campaign_id", pa.string(), nullable=False),
                pa.field("member_id", pa.string(), nullable=False),
                pa.field("observed_at", pa.timestamp("us", tz="UTC")),
                pa.field("converted", pa.bool_()),
            ]
        ),
        natural_key=("campaign_id", "member_id"),
        required=("converted",),
    )
)


def _check_targeted(checked: Checked) -> Checked:
    """`campaign_id` must name a campaign and `member_id` a member that campaign targeted."""
    from heartline.insights.campaigns_selectors import campaign_arms

    campaigns = checked.table.column("campaign_id").to_pylist()
    members = checked.table.column("member_id").to_pylist()
    wanted = {c.strip() for c in campaigns if c and c.strip().isdigit()}
    arms = campaign_arms([int(c) for c in wanted])
    bad_campaign: list[tuple[int, str]] = []
    bad_member: list[tuple[int, str]] = []
    for row, (campaign, member) in enumerate(zip(campaigns, members, strict=True)):
        if campaign is None or member is None:
            continue  # the shared checks already named the missing value
        key = campaign.strip()
        if not key.isdigit() or int(key) not in arms:
            bad_campaign.append((row, f"no campaign {campaign!r} (give the number the campaigns page shows)"))
        elif member not in arms[int(key)]:
            bad_member.append((row, f"member {member!r} is not one campaign {key} targeted"))
    for name, found in (("campaign_id", bad_campaign), ("member_id", bad_member)):
        if found:
            index = pa.array([row for row, _ in found], pa.int64())
            checked = flag_indices(checked, OUTCOMES_FORMAT, name, index, pa.array([why for _, why in found]))
    return checked


OUTCOMES_FORMAT = NativeFormat(
    kind=KIND,
    table=CAMPAIGN_OUTCOMES,
    fields=(
        FieldRule("campaign_id", required=True, max_length=20),
        FieldRule("member_id", required=True, max_length=40),
        FieldRule("observed_at", FieldKind.TIME),
        FieldRule("converted", FieldKind.FLAG, required=True),
    ),
    extra_check=_check_targeted,
    documented_in="docs/insights.md",
)


def load_campaign_outcomes(files: Sequence[Path], options: IngestOptions) -> IngestReport:
    """`heartline ingest campaign-outcomes FILE…`."""
    from heartline.core.ingest import ingest_files

    return ingest_files(OUTCOMES_FORMAT, files, options)
