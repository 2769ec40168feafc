"""The team of each representative, from the app database, to fill the contacts' `team` column.

Files do not carry `team`: a representative's team is Heartline's own record, so it is looked up by
`agent_id` (an Employee code) through core's selector when contacts are stored. An agent id that is no
employee's, or an employee without a team, leaves `team` empty.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyarrow as pa
import pyarrow.compute as pc

LOOKUP_CHUNK = 500  # well under SQLite's limit on query parameters


def teams_of_agents(agent_ids: Sequence[str]) -> dict[str, str]:
    """Employee code → team code, for the given codes that belong to an employee with a team."""
    from heartline.core.scoping import OPERATOR
    from heartline.core.selectors import visible_employees

    teams: dict[str, str] = {}
    for start in range(0, len(agent_ids), LOOKUP_CHUNK):
        chunk = list(agent_ids[start : start + LOOKUP_CHUNK])
        rows = visible_employees(OPERATOR).filter(code__in=chunk, team__isnull=False).values_list("code", "team__code")
        teams.update({str(code): str(team) for code, team in rows})
    return teams


def with_teams(contacts: pa.Table) -> pa.Table:
    """`contacts` with a `team` column filled from each row's agent."""
    agents = contacts.column("agent_id")
    known = pc.unique(agents).drop_null().to_pylist()
    teams = teams_of_agents(known) if known else {}
    if not teams:
        return contacts.append_column("team", pa.nulls(contacts.num_rows, pa.string()))
    codes = pa.array(list(teams), pa.string())
    position = pc.index_in(agents, value_set=codes)
    team = pc.take(pa.array(list(teams.values()), pa.string()), position)
    return contacts.append_column("team", team)
