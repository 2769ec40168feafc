"""The navigation menu: each app adds its pages in its `AppConfig.ready()`.

An entry is a label, a URL name and the capability a person needs to see it (none = everyone signed
in); `order` places it in the menu (lower first), so the menu does not depend on the order apps load.
Entries are shown in groups by domain (service, quality and coaching, member voice, people
development, library, members, workforce, compliance): an entry's group is the one its app's URL
namespace belongs to (GROUP_OF_NAMESPACE) unless `add_page` names another; groups come in
GROUP_ORDER, each holding the entries the caller may see.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.urls import URLResolver, get_resolver, get_script_prefix, get_urlconf, reverse

from heartline.core.contracts import Caller
from heartline.core.permissions import Capability

GROUP_ORDER = (
    "Start",
    "Members",
    "Service",
    "Quality and coaching",
    "Member voice",
    "People development",
    "Library",
    "Insights",
    "Workforce",
    "Compliance",
    "More",
)
GROUP_OF_NAMESPACE = {
    "home": "Start",
    "members": "Members",
    "contacts": "Service",
    "contact-volume": "Service",
    "behaviors": "Quality and coaching",
    "quality": "Quality and coaching",
    "coaching": "Quality and coaching",
    "voice": "Member voice",
    "transcripts": "Member voice",
    "learning": "People development",
    "library": "Library",
    "insights": "Insights",
    "workforce": "Workforce",
    "compliance": "Compliance",
    "access_log": "Compliance",
}


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    capability: Capability | None = None
    order: int = 50
    group: str = "More"

    @property
    def url(self) -> str:
        """The page's address (every page draws the menu: reversed once per URL conf and prefix)."""
        return _address(self.url_name, get_resolver(get_urlconf()), get_script_prefix())


@lru_cache(maxsize=512)
def _address(url_name: str, resolver: URLResolver, script_prefix: str) -> str:
    # The resolver and prefix are the key: reverse() reads both from this thread.
    return reverse(url_name)


@dataclass(frozen=True)
class NavGroup:
    label: str
    entries: tuple[NavEntry, ...]


_ENTRIES: dict[str, NavEntry] = {}


def add_page(
    label: str, url_name: str, *, capability: Capability | None = None, order: int = 50, group: str = ""
) -> None:
    """Show `url_name` in the menu as `label` to those who hold `capability` (everyone when None), in
    `group` (default: its namespace's, GROUP_OF_NAMESPACE; else "More"). Re-adding replaces."""
    group = group or GROUP_OF_NAMESPACE.get(url_name.partition(":")[0], "More")
    if group not in GROUP_ORDER:
        raise ValueError(f"menu group {group!r} is not one of {', '.join(GROUP_ORDER)}")
    _ENTRIES[url_name] = NavEntry(label=label, url_name=url_name, capability=capability, order=order, group=group)


def entries_for(caller: Caller) -> list[NavEntry]:
    """The menu `caller` sees, in order."""
    visible = [e for e in _ENTRIES.values() if e.capability is None or caller.can(e.capability)]
    return sorted(visible, key=lambda e: (e.order, e.label))


def menu_for(caller: Caller) -> list[NavGroup]:
    """The menu `caller` sees, grouped (GROUP_ORDER), each group's entries in order; no empty group."""
    entries = entries_for(caller)
    return [
        NavGroup(label, tuple(e for e in entries if e.group == label))
        for label in GROUP_ORDER
        if any(e.group == label for e in entries)
    ]
