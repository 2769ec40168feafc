"""Every write to training and credential records (see the submodules); views, API, tasks and
commands parse input and call these."""

from heartline.learning.services.boosters import (
    BoosterPlan,
    BoosterRun,
    assign_booster,
    assign_boosters,
    complete_booster,
    define_booster,
    load_starter_boosters,
)
from heartline.learning.services.common import LearningError, NotAllowed
from heartline.learning.services.completions_csv import ImportReport, export_completions, import_completions
from heartline.learning.services.credentials import (
    CredentialRun,
    define_credential_type,
    evaluate_agent,
    mark_notifications_read,
    recompute_credentials,
    revoke_credential,
)
from heartline.learning.services.programs import (
    ComponentPlan,
    define_program,
    enroll_unit,
    record_completion,
    schedule_wave,
)
from heartline.learning.services.recognition import give_recognition, pass_on_praise

__all__ = [
    "BoosterPlan",
    "BoosterRun",
    "ComponentPlan",
    "CredentialRun",
    "ImportReport",
    "LearningError",
    "NotAllowed",
    "assign_booster",
    "assign_boosters",
    "complete_booster",
    "define_booster",
    "define_credential_type",
    "define_program",
    "enroll_unit",
    "evaluate_agent",
    "export_completions",
    "give_recognition",
    "import_completions",
    "load_starter_boosters",
    "mark_notifications_read",
    "pass_on_praise",
    "recompute_credentials",
    "record_completion",
    "revoke_credential",
    "schedule_wave",
]
