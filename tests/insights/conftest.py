"""Next-best-action fixtures: the member view's (a member with a whole story, people of every role)."""

from tests.members.conftest import caller_named, member, people, signed_in  # noqa: F401
