"""An element repeated across a load's resources is validated once: the same verdict, found faster.

Claims, encounters and prescriptions repeat the same elements over and over (a claim type, an
adjudication category, a status reason, a payer reference): fhir.resources validates each one again
in pure Python, element by element, and that is most of a load's time. Inside `elements_remembered()`
a nested element (a dict validated as one FHIR datatype or backbone element, e.g. a CodeableConcept)
that the same datatype has already accepted, with the same JSON text, is given the model the first
validation built instead of being validated again. Validating an element depends only on its
datatype and its content, so the verdict is the one a full validation would give. Only successes
are remembered: an invalid element is validated (and reported) every time, with its full path. The
resource itself is always validated whole; only the elements inside it are remembered.

Works on fhir_core's per-element validator hook (`FhirBase.fhir_model_validator`); if a later
fhir_core has no such hook, nothing is remembered and every element is validated as before.
"""

from __future__ import annotations

import contextvars
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

LIMIT = 200_000  # remembered elements per check before starting afresh (bounds the memory)

_remembered: contextvars.ContextVar[dict[tuple[type, str], Any] | None] = contextvars.ContextVar(
    "fhir_elements_remembered", default=None
)
_as_text = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, check_circular=False).encode
_installing = threading.Lock()
_installed: list[bool] = []  # [] until the hook is in place, then [True] (or [False]: no such hook)


def _remembering(original: Callable[[Any, Any, Any], Any]) -> Callable[[Any, Any, Any], Any]:
    """fhir_core's per-element hook `original`, answering from memory for an element validated before."""

    def validate_element(hook_owner: Any, value: Any, model_class: Any) -> Any:
        remembered = _remembered.get()
        if remembered is None or type(value) is not dict:
            return original(hook_owner, value, model_class)
        try:
            key = (model_class, _as_text(value))
        except (TypeError, ValueError):  # not plain JSON: validate as usual
            return original(hook_owner, value, model_class)
        model = remembered.get(key)
        if model is None:
            model = original(hook_owner, value, model_class)  # raises when invalid: never remembered
            if len(remembered) >= LIMIT:
                remembered.clear()
            remembered[key] = model
        return model

    return validate_element


def _install() -> bool:
    """Put the remembering hook in place of fhir_core's (once per process); False when there is none."""
    with _installing:
        if _installed:
            return _installed[0]
        from fhir_core.types import FhirBase

        hook = FhirBase.__dict__.get("fhir_model_validator")
        if isinstance(hook, classmethod):
            FhirBase.fhir_model_validator = classmethod(_remembering(hook.__func__))  # type: ignore[method-assign,assignment]
        _installed.append(isinstance(hook, classmethod))
        return _installed[0]


@contextmanager
def elements_remembered() -> Iterator[None]:
    """Inside: repeated elements are validated once (this thread and context only)."""
    if not _install():
        yield
        return
    token = _remembered.set({})
    try:
        yield
    finally:
        _remembered.reset(token)


def remember_elements_in_this_process() -> None:
    """For a worker process (its initializer): remember elements in every check it runs, until it ends."""
    if _install():
        _remembered.set({})


def remembered_count() -> int:
    """How many elements are remembered in this context (0 outside `elements_remembered`)."""
    remembered = _remembered.get()
    return len(remembered) if remembered is not None else 0
