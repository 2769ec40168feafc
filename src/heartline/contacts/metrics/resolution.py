"""One and done (first-contact resolution) and the repeat-contact rate.

An answered inbound contact with a member is *resolved at first contact* when it had no handoff and
the same member made no other inbound contact with the same reason, on any channel, starting within
`window_days` (default 7) after it ended. Consults are not handoffs. The repeat lookup reads the
whole contacts table (outside the caller's scope and period): a member calling another unit next
week still means this contact did not resolve their need.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from heartline.contacts.followups import (
    CONTACT_FOLLOWUPS,
    FOLLOWUPS,
    LONGEST_WINDOW_DAYS,
    contact_end,
    later_contacts,
)
from heartline.contacts.metrics.base import ContactsRunner
from heartline.contacts.metrics.dimensions import has_handoff, rate
from heartline.contacts.tables import CONTACTS
from heartline.warehouse.estimates import PROPORTION
from heartline.warehouse.runners import MetricOption, register_runner

DEFAULT_WINDOW_DAYS = 7
MAX_WINDOW_DAYS = LONGEST_WINDOW_DAYS  # the follow-ups table holds gaps up to this long


class _ResolutionRunner(ContactsRunner):
    estimate = PROPORTION
    options = (
        MetricOption(
            "window_days",
            "int",
            "A contact by the same member with the same reason within this many days after one ended is a repeat",
            default=DEFAULT_WINDOW_DAYS,
            minimum=1,
            maximum=MAX_WINDOW_DAYS,
        ),
    )

    @property
    def window_days(self) -> int:
        return int(self.option("window_days"))

    def inbound_with_member(self) -> ir.Table:
        """Answered inbound contacts with a member, in scope, period and filters: the contacts one and
        done counts, before each is flagged."""
        contacts = self.answered()
        return contacts.filter((contacts.direction == "inbound") & contacts.member_id.notnull())

    def eligible_contacts(self, only: list[str] | None = None) -> ir.Table:
        """Answered inbound contacts with a member, in scope and period, each flagged `repeated`.

        The repeat lookup reads the `contact_followups` table when it was built from the current
        contacts (a join on the contact's key), else searches the whole contacts table (a range
        join); both give the same flags.
        """
        contacts = self.inbound_with_member()
        if only is not None:
            contacts = contacts.filter(contacts.contact_id.isin(only))
        contacts = contacts.mutate(contact_end=contact_end(contacts))
        window_us = self.window_days * 86_400 * 1_000_000
        if self.derived_is_current(CONTACT_FOLLOWUPS):
            followups = self.reference_table(FOLLOWUPS)
            repeated = followups.filter(followups.next_same_reason_gap_us <= window_us)
            if only is not None:
                repeated = repeated.filter(repeated.contact_id.isin(only))
            repeated = repeated.select("contact_id")
        else:
            later = later_contacts(self.reference_table(CONTACTS))
            window = ibis.interval(days=self.window_days)
            repeated = contacts.semi_join(
                later,
                [
                    contacts.member_id == later.later_member,
                    contacts.reason == later.later_reason,
                    later.later_start >= contacts.contact_end,
                    later.later_start <= contacts.contact_end + window,
                    later.later_id != contacts.contact_id,
                ],
            ).select("contact_id")
        return contacts.mutate(
            repeated=contacts.contact_id.isin(repeated.contact_id),
            handed_off=has_handoff(contacts),
        )


@register_runner
class OneAndDone(_ResolutionRunner):
    name = "one-and-done"
    title = "One and done (first-contact resolution)"
    description = (
        "Answered inbound contacts with a member that had no handoff and no inbound contact by the "
        "same member with the same reason, on any channel, within window_days (default 7) after they "
        "ended, over all answered inbound contacts with a member."
    )

    def to_expr(self) -> ir.Table:
        contacts = self.eligible_contacts()
        contacts = contacts.mutate(resolved=~contacts.handed_off & ~contacts.repeated)
        contacts, keys = self.grouped_by_day_periods(contacts)
        return rate(contacts, keys, contacts.resolved)


@register_runner
class RepeatContactRate(_ResolutionRunner):
    name = "repeat-contact-rate"
    title = "Repeat-contact rate"
    description = (
        "Answered inbound contacts with a member followed by an inbound contact by the same member "
        "with the same reason, on any channel, within window_days (default 7) after they ended."
    )

    def to_expr(self) -> ir.Table:
        contacts, keys = self.grouped_by_day_periods(self.eligible_contacts())
        return rate(contacts, keys, contacts.repeated)
