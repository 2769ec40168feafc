"""Every read of the quality app, scoped to the caller (except `scored_audits`, the contract other
apps build on, which answers for the agents it is asked about)."""

from heartline.quality.selectors.audits import scored_audits

__all__ = ["scored_audits"]
