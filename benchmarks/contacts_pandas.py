"""The One and Done page's metrics in plain pandas: the baseline each runner is timed beside.

Each function takes the contacts as a pandas DataFrame already in memory (`load_frame`), the unit
codes a caller may see (None: every unit) and the `by` dimensions, and returns rows shaped like the
runner's (`value`, `numerator`, `denominator`, `n`, plus the dimensions), following docs/metrics.md
on its own, so `same_answer` checks the runner and this second reading of the definition agree.

One and done's repeat lookup is vectorised: every inbound contact with a member and a reason gets a
(member, reason) group number and the rank of its start time (how many start times come before it);
one sort of `group * (starts + 1) + rank` and one `searchsorted` of each eligible contact's
`group, rank(end)` then give the first contact of the same member and reason starting at or after
its end. When that first one is the contact itself (zero length: it starts at its own end), the one
after it is taken instead; contacts starting at the same time sit together, so none is skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

FRAME_COLUMNS = (
    "contact_id",
    "member_id",
    "channel",
    "direction",
    "unit",
    "reason",
    "started_at",
    "answered_at",
    "ended_at",
    "abandoned",
    "route",
    "consult_count",
)
WINDOW_DAYS = 7
MICROS_PER_DAY = 86_400 * 1_000_000

Rows = list[dict[str, Any]]


def load_frame(delta: Any) -> pd.DataFrame:
    """The contacts columns these metrics read, as pandas reads them by default (text as objects)."""
    frame: pd.DataFrame = delta.to_pandas(columns=list(FRAME_COLUMNS))
    return frame


# -- building blocks ------------------------------------------------------------------------------


def micros(times: pd.Series) -> np.ndarray:
    """UTC microseconds since the epoch (int64) of a time-zone-aware column."""
    naive = times.dt.tz_convert("UTC").dt.tz_localize(None)
    result: np.ndarray = naive.to_numpy().astype("datetime64[us]").astype(np.int64)
    return result


def in_scope(frame: pd.DataFrame, units: Sequence[str] | None) -> pd.DataFrame:
    return frame if units is None else frame[frame["unit"].isin(list(units))]


def answered(frame: pd.DataFrame) -> pd.Series:
    """An answer time, and not marked abandoned (a missing mark is not abandoned)."""
    abandoned = frame["abandoned"].astype("boolean").fillna(False).astype(bool)
    return frame["answered_at"].notna() & ~abandoned


def handed_off(frame: pd.DataFrame) -> np.ndarray:
    """At least one queue after the first in the route, i.e. a `>` in it."""
    return frame["route"].fillna("").str.contains(">", regex=False).to_numpy(dtype=bool)


def dimension(frame: pd.DataFrame, name: str) -> pd.Series:
    if name == "month":  # UTC calendar month of the start
        naive = frame["started_at"].dt.tz_convert("UTC").dt.tz_localize(None)
        return pd.Series(naive.to_numpy().astype("datetime64[M]"), index=frame.index, name=name)
    if name == "consulted":
        yes = frame["consult_count"].fillna(0).to_numpy() > 0
        return pd.Series(np.where(yes, "yes", "no"), index=frame.index, name=name)
    column = {"agent": "agent_id"}.get(name, name)
    return frame[column].rename(name)


def _plain_key(name: str, key: Any) -> Any:
    if key is None or (not isinstance(key, str) and pd.isna(key)):
        return None
    if name == "month":
        return pd.Timestamp(key).date().isoformat()
    return key


def _key_tuple(key: Any, width: int) -> tuple[Any, ...]:
    return key if width > 1 else (key,)


def rate_rows(frame: pd.DataFrame, by: Sequence[str], flag: np.ndarray) -> Rows:
    """value = share of `frame`'s rows where `flag` holds, per group of `by`; n = the denominator."""
    if not by:
        numerator, denominator = int(flag.sum()), len(frame)
        value = numerator / denominator if denominator else None
        return [{"value": value, "numerator": numerator, "denominator": denominator, "n": denominator}]
    keys = [dimension(frame, name) for name in by]
    flags = pd.Series(flag.astype(np.int64), index=frame.index, name="flag")
    grouped = flags.groupby(keys, dropna=False).agg(["sum", "size"])
    rows = []
    for key, numerator, denominator in zip(grouped.index, grouped["sum"], grouped["size"], strict=True):
        named = {name: _plain_key(name, k) for name, k in zip(by, _key_tuple(key, len(by)), strict=True)}
        rows.append(
            {
                **named,
                "value": numerator / denominator,
                "numerator": int(numerator),
                "denominator": int(denominator),
                "n": int(denominator),
            }
        )
    return rows


def count_rows(counts: pd.Series, names: Sequence[str]) -> Rows:
    rows = []
    for key, n in counts.items():
        named = {name: _plain_key(name, k) for name, k in zip(names, _key_tuple(key, len(names)), strict=True)}
        rows.append({**named, "value": float(n), "numerator": None, "denominator": None, "n": int(n)})
    return rows


# -- one and done ---------------------------------------------------------------------------------


def positions(haystack: np.ndarray, needles: np.ndarray) -> np.ndarray:
    """`np.searchsorted(haystack, needles, side="left")`, searching the needles in sorted order.

    NumPy resumes each search where the previous one ended when the needles come sorted: at 10M
    needles a sort plus an ordered search takes 2 s where 10M scattered searches take 13 s.
    """
    order = np.argsort(needles, kind="stable")
    found = np.empty(len(needles), dtype=np.int64)
    found[order] = np.searchsorted(haystack, needles[order], side="left")
    return found


def repeated_within(eligible: pd.DataFrame, everyone: pd.DataFrame, window_days: int = WINDOW_DAYS) -> np.ndarray:
    """For each eligible contact: did the same member make another inbound contact with the same reason,
    on any channel, starting in [end, end + window_days], end = ended_at, else answered_at, else started_at?

    `everyone` is the whole contacts table (outside the caller's scope and period); `eligible` rows
    must be rows of it (same index labels). Contacts with no reason never match.
    """
    later = everyone[(everyone["direction"] == "inbound") & everyone["member_id"].notna() & everyone["reason"].notna()]
    if later.empty or eligible.empty:
        return np.zeros(len(eligible), dtype=bool)
    member_codes, members = pd.factorize(later["member_id"])
    reason_codes, reasons = pd.factorize(later["reason"])
    later_group = member_codes.astype(np.int64) * len(reasons) + reason_codes
    later_start = micros(later["started_at"])
    # rank(t) = how many start times come before t; a start is >= an end exactly when its rank is >= the end's.
    by_start = np.argsort(later_start, kind="stable")
    starts = later_start[by_start]
    later_rank = np.empty(len(starts), dtype=np.int64)
    later_rank[by_start] = np.searchsorted(starts, starts, side="left")
    span = len(starts) + 1  # ranks run 0..len(starts)
    if (int(later_group.max()) + 1) * span >= 2**62:
        raise OverflowError("too many (member, reason) groups and start times for an int64 sort key")
    later_sort_key = later_group * span + later_rank
    order = np.argsort(later_sort_key, kind="stable")
    sorted_key = later_sort_key[order]
    sorted_group = later_group[order]
    sorted_start = later_start[order]
    sorted_label = later.index.to_numpy()[order]

    end = micros(eligible["ended_at"].fillna(eligible["answered_at"]).fillna(eligible["started_at"]))
    member = members.get_indexer(pd.Index(eligible["member_id"]))  # -1: made no inbound contact with a reason
    reason = reasons.get_indexer(pd.Index(eligible["reason"]))  # -1: no reason, or one nobody else gave
    group = member.astype(np.int64) * len(reasons) + reason
    first = positions(sorted_key, group * span + positions(starts, end))
    last_position = len(sorted_key) - 1
    is_itself = sorted_label[np.minimum(first, last_position)] == eligible.index.to_numpy()
    candidate = first + ((first <= last_position) & is_itself)
    exists = candidate <= last_position
    candidate = np.minimum(candidate, last_position)
    repeated: np.ndarray = (
        (member >= 0)
        & (reason >= 0)
        & exists
        & (sorted_group[candidate] == group)
        & (sorted_start[candidate] <= end + window_days * MICROS_PER_DAY)
    )
    return repeated


def eligible_contacts(frame: pd.DataFrame, units: Sequence[str] | None) -> pd.DataFrame:
    """Answered inbound contacts with a member, in scope."""
    contacts = in_scope(frame, units)
    return contacts[(contacts["direction"] == "inbound") & answered(contacts) & contacts["member_id"].notna()]


def one_and_done(frame: pd.DataFrame, units: Sequence[str] | None, by: Sequence[str] = ()) -> Rows:
    """Resolved at first contact (no handoff, no repeat within 7 days) / eligible contacts."""
    eligible = eligible_contacts(frame, units)
    resolved = ~handed_off(eligible) & ~repeated_within(eligible, frame)
    return rate_rows(eligible, by, resolved)


# -- handoffs and volume --------------------------------------------------------------------------


def handoff_rate(frame: pd.DataFrame, units: Sequence[str] | None, by: Sequence[str] = ()) -> Rows:
    """Answered contacts (any direction) with at least one handoff / answered contacts."""
    contacts = in_scope(frame, units)
    contacts = contacts[answered(contacts)]
    return rate_rows(contacts, by, handed_off(contacts))


def handoff_flow(frame: pd.DataFrame, units: Sequence[str] | None, by: Sequence[str] = ()) -> Rows:
    """One row per (from_queue, to_queue) step of answered contacts' routes; n = the number of steps."""
    if by:
        raise ValueError("the pandas handoff flow answers the page's question only: no `by`")
    contacts = in_scope(frame, units)
    contacts = contacts[answered(contacts)]
    routes = contacts["route"][handed_off(contacts)]
    queues = routes.str.split(">", expand=True)
    steps = pd.concat(
        [
            pd.DataFrame({"from_queue": queues[i], "to_queue": queues[i + 1]})[queues[i + 1].notna()]
            for i in range(queues.shape[1] - 1)
        ]
    )
    return count_rows(steps.groupby(["from_queue", "to_queue"]).size(), ("from_queue", "to_queue"))


def contact_volume(frame: pd.DataFrame, units: Sequence[str] | None, by: Sequence[str] = ()) -> Rows:
    """Contacts started, grouped by `by` (ordered like the runner's rows)."""
    contacts = in_scope(frame, units)
    if not by:
        return [{"value": float(len(contacts)), "numerator": None, "denominator": None, "n": len(contacts)}]
    counts = pd.Series(1, index=contacts.index).groupby([dimension(contacts, name) for name in by], dropna=False).size()
    return count_rows(counts.sort_index(), by)


PANDAS_METRICS = {
    "one-and-done": one_and_done,
    "handoff-rate": handoff_rate,
    "handoff-flow": handoff_flow,
    "contact-volume": contact_volume,
}


def same_answer(runner_rows: Rows, pandas_rows: Rows, by: Sequence[str]) -> bool:
    """The same groups with the same numerator, denominator and n (order aside)."""

    def keyed(rows: Rows) -> dict[tuple[Any, ...], tuple[Any, ...]]:
        return {tuple(row[d] for d in by): (row["numerator"], row["denominator"], row["n"]) for row in rows}

    return len(runner_rows) == len(pandas_rows) and keyed(runner_rows) == keyed(pandas_rows)
