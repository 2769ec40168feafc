"""`/insights/risk/`: the model cards, and (for those who may) who each model scores highest and why."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from heartline.core.permissions import Capability
from heartline.core.scoping import caller_of
from heartline.insights.risk.charts import reliability_chart
from heartline.insights.risk.selectors import current_cards, members_at_risk


@login_required
def risk(request: HttpRequest) -> HttpResponse:
    caller = caller_of(request)
    cards = current_cards(caller)
    may_see_members = caller.can(Capability.SEE_MEMBERS_AT_RISK)
    at_risk = {card.name: members_at_risk(caller, card.name) for card in cards} if may_see_members else {}
    rows = [
        {
            "card": card,
            "at_risk": at_risk.get(card.name, []),
            "reliability_spec": json.dumps(reliability_chart(card.reliability)) if card.reliability else "",
        }
        for card in cards
    ]
    return render(request, "insights/risk.html", {"rows": rows, "may_see_members": may_see_members})
