"""Next-best-action: the action catalog, eligibility, arbitration within consent, and outcomes (issue 18)."""
