"""Amazon Connect contact records (CTRs) mapped onto the native contacts format.

Connect writes one record per leg of a contact: a transfer starts a new record whose
`PreviousContactId` names the leg before it, and so does a consult (the representative asks someone
while the member waits). Heartline stores one contact per member conversation, so the legs are joined:

- A leg started by `TRANSFER` or `QUEUE_TRANSFER` whose previous leg is in the same ingest continues
  that leg's contact when it outlasted it (the member went on with it). When it ended no later than
  the previous leg (the member stayed with the first representative), it was a consult: it adds one
  to `consult_count` and nothing else.
- `contact_id` is the first leg's ContactId; `route` the legs' queues in order, joined by `>`; talk,
  hold and after-contact work are summed over the legs; the agent is the last leg's agent (who
  finished it); `started_at` the first leg's InitiationTimestamp, `ended_at` the last leg's
  DisconnectTimestamp, `answered_at` the first ConnectedToAgentTimestamp; `abandoned` is true when no
  leg reached an agent.
- Member id, reason, language, unit, disposition and case id come from contact `Attributes` (the last
  leg that has a value wins), named by a mapping (`ConnectMapping`, defaults in `DEFAULT_MAPPING`).
- Connect delivers a record at least once; copies of one ContactId keep the latest LastUpdateTimestamp.
- `MONITOR` legs (a supervisor listening in) are not member contacts and are left out.

The result is text columns of the native format, checked by the same rules as a native file. A
record's row number is the line its JSON object starts on.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from heartline.ingest import IngestOptions, NativeFormat, VendorReader
from heartline.ingest.readers import Malformed, RawRecords, refused

TRANSFER_METHODS = frozenset({"TRANSFER", "QUEUE_TRANSFER"})
IGNORED_METHODS = frozenset({"MONITOR"})
MAPPABLE_ATTRIBUTES = ("member_id", "reason", "language", "unit", "disposition", "case_id")
MAPPING_ENV = "HEARTLINE_CONNECT_MAPPING"
MAPPING_FILE_NAME = "amazon-connect-mapping.toml"


@dataclass(frozen=True)
class ConnectMapping:
    """Which contact attribute holds each Heartline field, and how Connect's codes translate."""

    attributes: dict[str, str]  # Heartline field → Attributes key
    channels: dict[str, str]  # Connect Channel → Heartline channel
    directions: dict[str, str]  # InitiationMethod of the first leg → direction (default inbound)
    default_direction: str = "inbound"


DEFAULT_MAPPING = ConnectMapping(
    attributes={
        "member_id": "member_id",
        "reason": "contact_reason",
        "language": "language",
        "unit": "unit",
        "disposition": "disposition",
        "case_id": "case_id",
    },
    channels={"VOICE": "phone", "CHAT": "chat", "EMAIL": "email", "TASK": "portal"},
    directions={"OUTBOUND": "outbound", "CALLBACK": "outbound", "EXTERNAL_OUTBOUND": "outbound"},
)


class MappingError(ValueError):
    """The mapping file cannot be used."""


def load_mapping(path: Path) -> ConnectMapping:
    """Read a TOML or JSON mapping; each section it has replaces the default's entries it names."""
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix.lower() == ".json" else tomllib.loads(text)
    except (OSError, ValueError) as exc:
        raise MappingError(f"mapping file {path}: {exc}") from exc
    unknown_sections = sorted(set(data) - {"attributes", "channels", "directions"})
    if unknown_sections:
        raise MappingError(
            f"mapping file {path}: unknown section(s) {', '.join(unknown_sections)} "
            "(known: attributes, channels, directions)"
        )
    for section in ("attributes", "channels", "directions"):
        entries = data.get(section, {})
        if not isinstance(entries, dict) or not all(isinstance(v, str) for v in entries.values()):
            raise MappingError(f"mapping file {path}: [{section}] must map names to text")
    unknown_fields = sorted(set(data.get("attributes", {})) - set(MAPPABLE_ATTRIBUTES))
    if unknown_fields:
        raise MappingError(
            f"mapping file {path}: [attributes] cannot fill {', '.join(unknown_fields)} "
            f"(it can fill {', '.join(MAPPABLE_ATTRIBUTES)})"
        )
    return ConnectMapping(
        attributes={**DEFAULT_MAPPING.attributes, **data.get("attributes", {})},
        channels={**DEFAULT_MAPPING.channels, **data.get("channels", {})},
        directions={**DEFAULT_MAPPING.directions, **data.get("directions", {})},
    )


def mapping_path(explicit: Path | None, home: Path | None) -> Path | None:
    """The mapping to use: the one given, else $HEARTLINE_CONNECT_MAPPING, else HEARTLINE_HOME's, else none."""
    if explicit is not None:
        return explicit
    from_env = os.environ.get(MAPPING_ENV)
    if from_env:
        return Path(from_env)
    if home is not None and (home / MAPPING_FILE_NAME).is_file():
        return home / MAPPING_FILE_NAME
    return None


# -- reading records ------------------------------------------------------------------------------


@dataclass
class _Leg:
    """One Connect record, reduced to what a Heartline contact needs."""

    file_index: int
    row: int
    order: int
    record: dict[str, Any]
    contact_id: str
    method: str
    previous_id: str | None
    next_id: str | None

    def text(self, *keys: str) -> str | None:
        value: Any = self.record
        for key in keys:
            if not isinstance(value, dict):
                return None
            value = value.get(key)
        if value is None or value == "":
            return None
        return value if isinstance(value, str) else json.dumps(value)

    def agent(self) -> dict[str, Any] | None:
        agent = self.record.get("Agent")
        return agent if isinstance(agent, dict) else None

    def reached_agent(self) -> bool:
        agent = self.agent()
        return agent is not None and bool(agent.get("ConnectedToAgentTimestamp"))


@dataclass
class _FileRead:
    source: str
    path: Path
    legs: list[_Leg] = field(default_factory=list)
    malformed: list[Malformed] = field(default_factory=list)
    problem: str | None = None


def _decode_records(text: str) -> list[tuple[int, Any]]:
    """(line, value) for each JSON value in a file of one record per line, concatenated records or an array."""
    decoder = json.JSONDecoder()
    values: list[tuple[int, Any]] = []
    position, line, counted_to = 0, 1, 0
    length = len(text)

    def skip(position: int, separators: str) -> int:
        while position < length and text[position] in separators:
            position += 1
        return position

    position = skip(position, " \t\r\n")
    in_array = position < length and text[position] == "["
    if in_array:
        position += 1
    while True:
        position = skip(position, " \t\r\n," if in_array else " \t\r\n")
        if position >= length:
            if in_array:
                raise json.JSONDecodeError("the array is not closed", text, position)
            break
        if in_array and text[position] == "]":
            position = skip(position + 1, " \t\r\n")
            if position < length:
                raise json.JSONDecodeError("unexpected text after the array", text, position)
            break
        line += text.count("\n", counted_to, position)
        counted_to = position
        value, position = decoder.raw_decode(text, position)
        values.append((line, value))
    return values


def _read_file(index: int, path: Path, start_order: int) -> _FileRead:
    read = _FileRead(path.name, path)
    try:
        text = path.read_text(encoding="utf-8-sig")
        values = _decode_records(text)
    except UnicodeDecodeError:
        read.problem = "is not UTF-8 text"
        return read
    except json.JSONDecodeError as exc:
        read.problem = f"is not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        return read
    except OSError as exc:
        read.problem = f"cannot be read: {exc}"
        return read
    for offset, (row, value) in enumerate(values):
        if not isinstance(value, dict):
            read.malformed.append(Malformed(row, "is not a JSON object"))
            continue
        contact_id = value.get("ContactId")
        if not isinstance(contact_id, str) or not contact_id:
            read.malformed.append(Malformed(row, "is required but missing", field="ContactId"))
            continue
        previous_id, next_id = value.get("PreviousContactId"), value.get("NextContactId")
        read.legs.append(
            _Leg(
                file_index=index,
                row=row,
                order=start_order + offset,
                record=value,
                contact_id=contact_id,
                method=str(value.get("InitiationMethod") or ""),
                previous_id=previous_id if isinstance(previous_id, str) and previous_id else None,
                next_id=next_id if isinstance(next_id, str) and next_id else None,
            )
        )
    return read


def _time(text: str | None) -> datetime | None:
    """A CTR time for ordering legs; a time without an offset is treated as missing (Connect writes
    UTC with `Z`; a naive time cannot be compared with the others). The stored times are checked
    again, with a clear problem line, by the native validation."""
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _latest_copies(legs: list[_Leg]) -> list[_Leg]:
    """One leg per ContactId: the copy with the latest LastUpdateTimestamp (the later one on a tie)."""
    chosen: dict[str, _Leg] = {}
    for leg in legs:
        kept = chosen.get(leg.contact_id)
        if kept is None:
            chosen[leg.contact_id] = leg
            continue
        new_time, kept_time = _time(leg.text("LastUpdateTimestamp")), _time(kept.text("LastUpdateTimestamp"))
        if kept_time is None or new_time is None or new_time >= kept_time:
            # The newer copy, kept in the order the contact first appeared in.
            chosen[leg.contact_id] = replace(leg, order=kept.order)
    return sorted(chosen.values(), key=lambda leg: leg.order)


# -- joining legs into contacts -------------------------------------------------------------------


@dataclass
class _Contact:
    legs: list[_Leg]
    consults: int


def _ended_no_later(leg: _Leg, previous: _Leg) -> bool:
    ended, previous_ended = _time(leg.text("DisconnectTimestamp")), _time(previous.text("DisconnectTimestamp"))
    return ended is not None and previous_ended is not None and ended <= previous_ended


def _join_legs(legs: list[_Leg]) -> list[_Contact]:
    by_id = {leg.contact_id: leg for leg in legs}
    followers: dict[str, list[_Leg]] = defaultdict(list)
    for leg in legs:
        if leg.method in TRANSFER_METHODS and leg.previous_id in by_id and leg.previous_id != leg.contact_id:
            followers[leg.previous_id].append(leg)
    joined: set[str] = set()
    consults: dict[str, int] = defaultdict(int)
    next_leg: dict[str, _Leg] = {}
    for previous_id, candidates in followers.items():
        previous = by_id[previous_id]
        transfers = []
        for leg in candidates:
            joined.add(leg.contact_id)
            if _ended_no_later(leg, previous):
                consults[previous_id] += 1
            else:
                transfers.append(leg)
        if not transfers:
            continue
        named = [leg for leg in transfers if leg.contact_id == previous.next_id]
        chosen = (
            named[0] if named else min(transfers, key=lambda leg: (leg.text("InitiationTimestamp") or "", leg.order))
        )
        next_leg[previous_id] = chosen
        consults[previous_id] += len(transfers) - 1  # other legs the member did not go on with
    contacts = []
    for leg in legs:
        if leg.contact_id in joined or leg.method in IGNORED_METHODS:
            continue
        chain = [leg]
        seen = {leg.contact_id}
        while chain[-1].contact_id in next_leg and next_leg[chain[-1].contact_id].contact_id not in seen:
            chain.append(next_leg[chain[-1].contact_id])
            seen.add(chain[-1].contact_id)
        contacts.append(_Contact(chain, sum(consults[c.contact_id] for c in chain)))
    return contacts


def _summed(legs: list[_Leg], key: str) -> str | None:
    """Sum one Agent duration over the legs; a value that is not a whole number is passed on as text."""
    total, seen = 0, False
    for leg in legs:
        agent = leg.agent()
        if agent is None or agent.get(key) is None:
            continue
        value = agent[key]
        if isinstance(value, bool) or not isinstance(value, int):
            return value if isinstance(value, str) else json.dumps(value)
        total += value
        seen = True
    return str(total) if seen else None


def _last_attribute(legs: list[_Leg], name: str | None) -> str | None:
    if not name:
        return None
    for leg in reversed(legs):
        value = leg.text("Attributes", name)
        if value is not None:
            return value
    return None


def _native_values(contact: _Contact, mapping: ConnectMapping) -> dict[str, str | None]:
    legs = contact.legs
    first, last = legs[0], legs[-1]
    queues = [q for q in (leg.text("Queue", "Name") for leg in legs) if q]
    agents = [a for a in (leg.text("Agent", "Username") for leg in legs) if a]
    answered = [t for t in (leg.text("Agent", "ConnectedToAgentTimestamp") for leg in legs) if t]
    channel = first.text("Channel")
    values: dict[str, str | None] = {
        "contact_id": first.contact_id,
        "channel": mapping.channels.get(channel, channel) if channel else None,
        "direction": mapping.directions.get(first.method, mapping.default_direction),
        "queue": queues[0] if queues else None,
        "agent_id": agents[-1] if agents else None,
        "started_at": first.text("InitiationTimestamp"),
        "answered_at": answered[0] if answered else None,
        "ended_at": last.text("DisconnectTimestamp"),
        "hold_seconds": _summed(legs, "CustomerHoldDuration"),
        "talk_seconds": _summed(legs, "AgentInteractionDuration"),
        "wrap_seconds": _summed(legs, "AfterContactWorkDuration"),
        "abandoned": "false" if any(leg.reached_agent() for leg in legs) else "true",
        "route": ">".join(queues) if queues else None,
        "consult_count": str(contact.consults),
    }
    for heartline_field in MAPPABLE_ATTRIBUTES:
        values[heartline_field] = _last_attribute(legs, mapping.attributes.get(heartline_field))
    return values


def read_connect_files(paths: Sequence[Path], mapping: ConnectMapping, names: Sequence[str]) -> list[RawRecords]:
    """Read all the exports together (a chain may cross files) and return the native columns `names` per file.

    A contact belongs to the file of its first leg and is numbered by that leg's line.
    """
    reads: list[_FileRead] = []
    order = 0
    for index, path in enumerate(paths):
        read = _read_file(index, path, order)
        order += len(read.legs) + len(read.malformed)
        reads.append(read)
    legs = _latest_copies([leg for read in reads if read.problem is None for leg in read.legs])
    per_file: dict[int, list[tuple[int, dict[str, str | None]]]] = defaultdict(list)
    for contact in _join_legs(legs):
        first = contact.legs[0]
        per_file[first.file_index].append((first.row, _native_values(contact, mapping)))
    results = []
    for index, read in enumerate(reads):
        if read.problem is not None:
            results.append(refused(read.source, read.path, read.problem))
            continue
        rows = sorted(per_file.get(index, []), key=lambda row_values: row_values[0])
        columns = {name: pa.array([values.get(name) for _, values in rows], pa.string()) for name in names}
        row_numbers = np.array([row for row, _ in rows], dtype=np.int64)
        results.append(RawRecords(read.source, read.path, pa.table(columns), row_numbers, read.malformed))
    return results


def read_connect(fmt: NativeFormat, paths: Sequence[Path], options: IngestOptions, home: Path) -> list[RawRecords]:
    """`--format amazon-connect`: the exports as native contacts, with the mapping the options or home name."""
    try:
        path = mapping_path(options.mapping, home)
        mapping = load_mapping(path) if path else DEFAULT_MAPPING
    except MappingError as exc:
        return [refused(p.name, p, str(exc)) for p in paths]
    return read_connect_files(paths, mapping, fmt.names)


CONNECT_READER = VendorReader(
    read=read_connect,
    row_numbers="row numbers are the line each record starts on; a contact is numbered by its first leg",
)
