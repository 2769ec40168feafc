"""What a FHIR R4 `Consent` says Heartline may do, per channel and purpose (docs/fhir.md, "Consent").

Read on load (`inbound`); written by `consent_out` for the decisions Heartline itself recorded, with
the codes and extension defined here so the two sides cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Heartline's channel codes in Consent.provision.code (docs/fhir.md, "Consent").
CHANNEL_SYSTEM = "urn:heartline:fhir:channel"
CHANNELS = ("phone", "autodialed", "sms", "email", "mail", "portal", "chat")
# v3 PurposeOfUse (and ActReason) codes → Heartline's purposes.
PURPOSE_OF_USE = {
    "HMARKT": "marketing",
    "TREAT": "care",
    "ETREAT": "care",
    "CAREMGT": "care",
    "POPHLTH": "care",
    "HPAYMT": "service",
    "HOPERAT": "service",
    "COVERAGE": "service",
    "PMTDEC": "service",
}
PURPOSE_CODE = {"marketing": "HMARKT", "care": "CAREMGT", "service": "HOPERAT"}
# A Consent Heartline exported: who recorded the decision, from where, with what reference; and the
# tag of a decision a later one replaced (members/fhir/consent_out.py).
RECORDED_EXTENSION = "urn:heartline:fhir:extension:consent-recorded"
CONSENT_HISTORY_TAG = {"system": "urn:heartline:fhir:consent-history", "code": "superseded"}


@dataclass(frozen=True)
class ConsentRule:
    channel: str
    purpose: str
    granted: bool


def consent_rules(resource: dict[str, Any]) -> list[ConsentRule]:
    """What an active Consent says Heartline may or may not do, per channel and purpose.

    Honoured: `provision.type` (permit/deny) with the purposes in `provision.purpose` (v3 PurposeOfUse,
    PURPOSE_OF_USE) and the channels in `provision.code` (CHANNEL_SYSTEM codes); a nested provision
    overrides its parent for what it names. A deny naming no channel denies every channel; a permit
    must name its channels. A provision naming no purpose it knows says nothing."""
    if resource.get("status") != "active" and not superseded(resource):
        return []
    rules: dict[tuple[str, str], bool] = {}

    def walk(provision: dict[str, Any], inherited: str) -> None:
        kind = str(provision.get("type") or inherited)
        purposes = {
            PURPOSE_OF_USE[str(p.get("code"))]
            for p in provision.get("purpose") or []
            if isinstance(p, dict) and str(p.get("code")) in PURPOSE_OF_USE
        }
        channels = {
            str(c.get("code"))
            for concept in provision.get("code") or []
            if isinstance(concept, dict)
            for c in concept.get("coding") or []
            if c.get("system") == CHANNEL_SYSTEM and c.get("code") in CHANNELS
        }
        if not channels and kind == "deny":
            channels = set(CHANNELS)
        for purpose in purposes:
            for channel in channels:
                rules[(channel, purpose)] = kind == "permit"
        for nested in provision.get("provision") or []:
            if isinstance(nested, dict):
                walk(nested, kind)

    top = resource.get("provision")
    if isinstance(top, dict):
        walk(top, "deny")
    return [ConsentRule(channel, purpose, granted) for (channel, purpose), granted in sorted(rules.items())]


def recorded_as(resource: dict[str, Any]) -> dict[str, str]:
    """What RECORDED_EXTENSION says of a Consent a Heartline exported: `source`, `recordedBy`,
    `reference` (empty when the Consent did not come from a Heartline)."""
    for extension in resource.get("extension") or []:
        if isinstance(extension, dict) and extension.get("url") == RECORDED_EXTENSION:
            return {
                str(part.get("url")): str(part.get("valueCode") or part.get("valueString") or "")
                for part in extension.get("extension") or []
                if isinstance(part, dict)
            }
    return {}


def superseded(resource: dict[str, Any]) -> bool:
    """Whether the Consent is a decision a later one replaced, as a Heartline exports it (inactive,
    tagged CONSENT_HISTORY_TAG): loaded as history, it never becomes the member's current answer
    because the decision that replaced it is later."""
    tags = (resource.get("meta") or {}).get("tag") or []
    return resource.get("status") == "inactive" and any(
        isinstance(t, dict) and t.get("system") == CONSENT_HISTORY_TAG["system"] and t.get("code") == "superseded"
        for t in tags
    )
