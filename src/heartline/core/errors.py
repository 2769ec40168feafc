"""The one error model: what a service raises when it will not, or cannot, do what it was asked.

Services raise these; entry points translate them once — the API's exception handler, the views'
decorator and the CLI each map `NotAllowed` to 403 / exit 1, `NotFound` to 404, `ActionRefused` to 400,
always with the exception's message, which is written for the person who asked.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


class ActionRefused(ValueError):
    """A request that cannot be done as asked (bad input, a rule it breaks); the message says why.

    A `ValueError`, so code that guarded against bad values keeps working while apps move over.
    """


class NotFound(ActionRefused, LookupError):
    """The record named does not exist, or is not one the caller may see (never say which)."""


class NotAllowed(PermissionDenied):
    """The caller's role or scope does not allow this action; the message names what was refused."""
