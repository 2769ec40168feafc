"""Check each resource with fhir.resources' R4B models and map the valid ones, in parallel when many.

A resource is valid when its R4B model (`fhir.resources.R4B`, pydantic) accepts it whole; the first
validation error is reported with its element path in FHIRPath form (`Patient.birthDate`,
`ExplanationOfBenefit.item[0].adjudication[1].category`). A valid resource Heartline cannot place
(a Patient without a member id) is a problem too. Large inputs are checked by worker processes,
each parsing, validating and mapping its share: validation dominates the cost of a load, and an
element repeated across resources is validated once (`repeated_elements`).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import ValidationError

from heartline.members.fhir.inbound import TYPES, Mapped, NotMappable, map_resource
from heartline.members.fhir.reading import Item
from heartline.members.fhir.repeated_elements import elements_remembered, remember_elements_in_this_process

PARALLEL_FROM = 4_000  # resources; fewer are checked in this process (a pool costs ~0.1 s to start)
CHUNK = 1_000


@dataclass
class Checked:
    """One resource after checking: its problem (None when good) and what it maps to."""

    where: str
    resource_type: str
    resource_id: str
    problem: str | None = None
    mapped: Mapped | None = None


@cache
def model_class(resource_type: str) -> Any:
    from fhir.resources.R4B import get_fhir_model_class

    return get_fhir_model_class(resource_type)


def element_path(resource_type: str, location: Sequence[int | str]) -> str:
    """A pydantic error location as a FHIRPath-like element path: `Patient.name[0].given`."""
    path = resource_type
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part != "__root__":
            path += f".{part}"
    return path


def validation_problem(resource: dict[str, Any]) -> str | None:
    """What the R4B model finds wrong with `resource` ("path: message"), or None when it is valid."""
    resource_type = resource.get("resourceType")
    if resource_type not in TYPES:
        return f"resourceType: {resource_type!r} is not read by Heartline (it reads {', '.join(TYPES)})"
    try:
        model_class(resource_type).model_validate(resource)
    except ValidationError as exc:
        errors = exc.errors()
        error = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        message = str(error["msg"]).removeprefix("Value error, ")
        return f"{element_path(resource_type, error['loc'])}: {message}{more}"
    except (ValueError, TypeError) as exc:  # fhir.resources raises these for some structural errors
        return f"{resource_type}: {exc}"
    return None


def check_item(item: Item, member_id_system: str) -> Checked:
    """Parse (an NDJSON line), validate and map one resource."""
    resource = item.resource
    if resource is None:
        try:
            parsed = json.loads(item.text or "")
        except json.JSONDecodeError as exc:
            return Checked(item.where, "", "", problem=f"not JSON ({exc.msg} at column {exc.colno})")
        if not isinstance(parsed, dict):
            return Checked(item.where, "", "", problem="not a JSON object")
        resource = parsed
    resource_type = str(resource.get("resourceType") or "")
    resource_id = str(resource.get("id") or "")
    checked = Checked(item.where, resource_type, resource_id)
    checked.problem = validation_problem(resource)
    if checked.problem is None:
        try:
            checked.mapped = map_resource(resource, member_id_system)
        except NotMappable as exc:
            checked.problem = str(exc)
        except (ValueError, TypeError, KeyError) as exc:
            checked.problem = f"{resource_type}: cannot be read ({exc})"
    return checked


def _check_chunk(items: list[Item], member_id_system: str) -> list[Checked]:
    with elements_remembered():
        return [check_item(item, member_id_system) for item in items]


# The items being checked, set before the worker processes fork: they read their share from here
# (inherited memory) instead of receiving it pickled.
_FORKED: dict[str, Sequence[Item]] = {}


def _check_share(start: int, end: int, member_id_system: str) -> list[Checked]:
    return [check_item(item, member_id_system) for item in _FORKED["items"][start:end]]


def _start_worker(parent: int) -> None:
    """In a worker process: remember repeated elements across its shares, and end with its parent."""
    remember_elements_in_this_process()
    _exit_with_parent(parent)


def _exit_with_parent(parent: int) -> None:
    """In a worker process: end as soon as the process that started it is gone (killed), so a killed
    load leaves no worker behind waiting for work forever."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def workers() -> int:
    return max(1, min(len(os.sched_getaffinity(0)), 4))


def check_items(items: Sequence[Item], member_id_system: str, parallel_from: int = PARALLEL_FROM) -> list[Checked]:
    """Check every item, in order; in worker processes when there are at least `parallel_from`."""
    count = workers()
    if len(items) < parallel_from or count == 1:
        return _check_chunk(list(items), member_id_system)
    starts = list(range(0, len(items), CHUNK))
    ends = [min(start + CHUNK, len(items)) for start in starts]
    # fork: workers start in milliseconds, import nothing again and inherit the items; they touch no
    # database.
    context = multiprocessing.get_context("fork")
    _FORKED["items"] = items
    try:
        with ProcessPoolExecutor(count, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),)) as pool:
            results = pool.map(_check_share, starts, ends, [member_id_system] * len(starts))
            return [checked for chunk in results for checked in chunk]
    finally:
        _FORKED.clear()
