"""Contact metrics as warehouse runners; definitions are in docs/metrics.md.

Importing this package registers every runner with the framework.
"""

from heartline.contacts.metrics.cases import CaseProcessingTime
from heartline.contacts.metrics.dimensions import CONTACT_DIMENSIONS
from heartline.contacts.metrics.handoffs import ConsultRate, HandoffFlow, HandoffRate, HandoffsPerContact
from heartline.contacts.metrics.resolution import OneAndDone, RepeatContactRate
from heartline.contacts.metrics.service import AbandonmentRate, AverageSpeedOfAnswer, HandleTime, ServiceLevel
from heartline.contacts.metrics.volume import ContactVolume

__all__ = [
    "CONTACT_DIMENSIONS",
    "AbandonmentRate",
    "AverageSpeedOfAnswer",
    "CaseProcessingTime",
    "ConsultRate",
    "ContactVolume",
    "HandleTime",
    "HandoffFlow",
    "HandoffRate",
    "HandoffsPerContact",
    "OneAndDone",
    "RepeatContactRate",
    "ServiceLevel",
]
