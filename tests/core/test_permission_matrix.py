"""The permission matrix: every page and every API operation, for every role, answers as one table says.

The pages are read from the URL resolver and the operations from the API's OpenAPI schema, so a new
page or operation without a row in `EXPECTED` fails `test_every_page_and_operation_has_a_row`. Each
request names a record of unit `commercial` (tests.support.matrix_world); the manager looks after
`medicare`, so their column is also "a person from another unit". A page's form is posted empty and
an operation gets placeholders for its required fields (`sample`): the matrix pins who gets in, not
what a valid request does (each app's own tests do that), so where a role may act the answer is
mostly the refusal of the placeholder request (400, 404), and where it may not, 403.

The table is the behaviour of the code before the policy moved into `heartline.core.permissions`
(the walk gave the same grid before and after); change a cell only with the change of policy that
moves it. Rows are walked in order, reads before writes, so a write cannot change a later read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import pytest
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.support.matrix_world import ROLE_USERS, MatrixWorld, build_matrix_world

if TYPE_CHECKING:
    from pytest_django import DjangoDbBlocker

API_ROOT = "/api/v1"
# Django's admin keeps its own permissions (the staff flag); the matrix checks its front door only.
ADMIN_NAMESPACE = "admin:"
# The API's operations are walked from its schema; its other URLs are the schema and docs pages.
API_NAMESPACE = "api-v1:"
API_PAGES = frozenset({"api-v1:openapi-json", "api-v1:openapi-view", "api-v1:api-root"})

# Which id fills a URL parameter, where the parameter's name alone does not say.
PAGE_PARAMS = {
    ("behaviors", "code"): "behavior_code",
    ("learning", "code"): "booster_code",
    ("quality", "code"): "scorecard_code",
    ("coaching", "session_id"): "coaching_session_id",
    ("coaching", "code"): "leader_code",
    ("coaching", "id"): "commitment_id",
}
API_PARAMS = {
    ("behaviors", "code"): "behavior_code",
    ("quality", "code"): "scorecard_code",
    ("coaching", "session_id"): "coaching_session_id",
    ("coaching", "code"): "leader_code",
    ("coaching", "id"): "commitment_id",
}

ROLES = tuple(ROLE_USERS)

# Reads first, then writes, then signing out (each role's walk is rolled back when its test ends).
# fmt: off
EXPECTED_GRID = """
#                                                        agent coach    qa train    cx   wfm   mgr  exec compl admin
GET access_log:disclosures                               403   403   403   403   403   403   403   403   200   200
GET access_log:disclosures-csv                           403   403   403   403   403   403   403   403   200   200
GET access_log:list                                      403   403   403   403   403   403   403   403   200   200
GET admin:index                                            302   302   302   302   302   302   302   302   302   302
GET api-v1:api-root                                        404   404   404   404   404   404   404   404   404   404
GET api-v1:openapi-json                                    200   200   200   200   200   200   200   200   200   200
GET api-v1:openapi-view                                    200   200   200   200   200   200   200   200   200   200
GET behaviors:behavior                                     200   200   200   200   200   200   200   200   200   200
GET behaviors:catalog                                      200   200   200   200   200   200   200   200   200   200
GET behaviors:rehearsals                                   200   200   200   200   200   200   200   200   200   200
GET coaching:new                                           200   200   200   200   200   200   200   200   200   200
GET coaching:leader                                        403   200   403   403   403   403   404   200   403   200
GET coaching:leaders                                       403   403   403   403   403   403   200   200   403   200
GET coaching:queue                                         200   200   200   200   200   200   200   200   200   200
GET coaching:session                                       200   200   200   200   404   404   404   200   404   200
GET compliance:call-center                                 403   403   403   403   403   200   200   200   200   200
GET compliance:case                                       200   200   403   403   403   403   404   200   200   200
GET compliance:intake                                     200   200   403   403   403   403   200   403   200   200
GET compliance:timeliness                                 403   403   403   403   403   403   200   200   200   200
GET compliance:universes                                   403   403   403   403   403   403   200   200   200   200
GET compliance:worklist                                    403   403   403   403   403   403   200   200   200   200
GET contact-volume                                         200   200   200   200   200   200   200   200   200   200
GET contacts:detail                                        200   200   200   200   200   200   404   200   200   200
GET contacts:list                                          200   200   200   200   200   200   200   200   200   200
GET contacts:one-and-done                                  200   200   200   200   200   200   200   200   200   200
GET healthz                                                200   200   200   200   200   200   200   200   200   200
GET insights:member-actions                                200   200   200   403   403   403   200   403   200   200
GET home                                                   200   200   200   200   200   200   200   200   200   200
GET learning:credential                                    200   200   200   200   200   200   404   200   200   200
GET learning:credentials                                   200   200   200   200   200   200   200   200   200   200
GET learning:export                                        200   200   200   200   200   200   200   200   200   200
GET learning:impact                                        200   200   200   200   200   200   200   200   200   200
GET learning:import                                        200   200   200   200   200   200   200   200   200   200
GET learning:mine                                          200   200   200   200   200   200   200   200   200   200
GET learning:overdue                                       200   200   200   200   200   200   200   200   200   200
GET learning:wave-people                                   200   200   200   200   200   200   404   200   200   200
GET learning:waves                                         200   200   200   200   200   200   200   200   200   200
GET learning:recognition                                   200   200   200   200   200   200   200   200   200   200
GET learning:boosters                                      200   200   200   200   200   200   200   200   200   200
GET learning:booster-new                                   403   403   403   200   403   403   403   403   403   200
GET learning:booster-edit                                  403   403   403   200   403   403   403   403   403   200
GET library:article                                        200   200   200   200   200   200   200   200   200   200
GET library:spreading                                      200   200   200   200   200   200   200   200   200   200
GET library:spread                                         200   200   200   200   200   200   200   200   200   200
GET library:attachment                                     200   200   200   200   200   200   200   200   200   200
GET library:authoring                                      403   200   403   200   403   403   200   403   403   200
GET library:edit                                           404   404   404   200   404   404   200   404   404   200
GET library:home                                           200   200   200   200   200   200   200   200   200   200
GET library:new                                            403   200   403   200   403   403   200   403   403   200
GET login                                                  200   200   200   200   200   200   200   200   200   200
GET insights:risk                                         403   403   403   403   200   403   200   200   200   200
GET insights:segments                                     403   403   403   403   200   403   200   200   200   200
GET insights:campaigns                                    403   403   403   403   200   403   200   200   200   200
GET insights:campaign                                     403   403   403   403   200   403   200   200   200   200
GET insights:campaign-send-list                           403   403   403   403   200   403   200   403   403   200
GET members:detail                                         200   200   200   403   403   403   200   403   200   200
GET members:preferences                                    200   200   200   403   403   403   200   403   200   200
GET members:preferences-csv                                200   200   200   403   403   403   200   403   200   200
GET members:search                                         200   200   200   403   403   403   200   403   200   200
GET quality:audit                                          200   200   200   200   200   404   404   200   200   200
GET quality:auto-qa                                        200   200   200   200   200   200   200   200   200   200
GET quality:auto-qa-contact                                200   200   200   200   200   200   404   200   200   200
GET quality:calibration                                    404   200   200   404   404   404   404   200   404   200
GET quality:calibration-list                               200   200   200   200   200   200   200   200   200   200
GET quality:queue                                          200   200   200   200   200   200   200   200   200   200
GET quality:scorecard-draft                                403   403   200   403   403   403   200   403   403   200
GET quality:scorecard-version                              200   200   200   200   200   200   200   200   200   200
GET quality:scorecards                                     200   200   200   200   200   200   200   200   200   200
GET quality:scores                                         200   200   200   200   200   200   200   200   200   200
GET vega-bundle                                            200   200   200   200   200   200   200   200   200   200
GET transcripts:questions                                 403   200   200   200   200   403   200   200   403   200
GET transcripts:raw                                       403   403   403   403   403   403   403   403   200   200
GET transcripts:transcript                                200   200   200   200   200   200   404   200   200   200
GET voice:analysis                                         403   200   200   200   200   403   200   200   403   200
GET voice:benchmarks                                       200   200   200   200   200   200   404   200   200   200
GET voice:benchmarks-units                                 200   200   200   200   200   200   200   200   200   200
GET voice:digest                                           200   200   200   200   200   200   404   200   200   200
GET voice:digest-pdf                                       200   200   200   200   200   200   404   200   200   200
GET voice:follow-up                                        403   200   403   403   403   403   404   403   403   200
GET voice:follow-up-figures                                403   200   403   403   200   403   404   200   403   200
GET voice:follow-up-queue                                  403   200   403   403   403   403   404   403   403   200
GET voice:follow-ups                                       403   302   403   403   200   403   302   200   403   200
GET voice:home                                             302   302   302   302   200   200   302   200   200   200
GET voice:idea                                             200   200   200   200   200   200   200   200   200   200
GET voice:ideas                                            200   200   200   200   200   200   200   200   200   200
GET voice:results                                          200   200   200   200   200   200   404   200   200   200
GET voice:workshop                                         403   200   200   200   200   403   200   200   403   200
GET workforce:events                                       403   403   403   403   403   200   200   200   403   200
GET workforce:forecast                                     403   403   403   403   403   200   200   200   403   200
GET workforce:intraday                                     403   403   403   403   403   200   200   200   403   200
GET workforce:scenario                                     403   403   403   403   403   200   200   200   403   200
GET /api/v1/behaviors                                      200   200   200   200   200   200   200   200   200   200
GET /api/v1/behaviors/rehearsals                           200   200   200   200   200   200   200   200   200   200
GET /api/v1/behaviors/{code}/history                       200   200   200   200   200   200   200   200   200   200
GET /api/v1/coaching/prefill                               404   404   404   404   404   404   404   404   404   404
GET /api/v1/coaching/leaders/{code}                        403   200   403   403   403   403   404   200   403   200
GET /api/v1/coaching/leaders                               403   403   403   403   403   403   200   200   403   200
GET /api/v1/coaching/queue                                 200   200   200   200   200   200   200   200   200   200
GET /api/v1/coaching/sessions                              200   200   200   200   200   200   200   200   200   200
GET /api/v1/fhir/Patient/{member_id}                     200   200   200   403   403   403   200   403   200   200
GET /api/v1/fhir/Patient/{member_id}/$everything         200   200   200   403   403   403   200   403   200   200
GET /api/v1/compliance/cases                              403   403   403   403   403   403   200   200   200   200
GET /api/v1/compliance/cases/{case_id}                    200   200   403   403   403   403   404   200   200   200
GET /api/v1/compliance/universes                          403   403   403   403   403   403   200   200   200   200
GET /api/v1/compliance/universes/{name}.csv               403   403   403   403   403   403   400   400   400   400
GET /api/v1/learning/completions/export                    200   200   200   200   200   200   200   200   200   200
GET /api/v1/learning/credentials                           200   200   200   200   200   200   200   200   200   200
GET /api/v1/learning/impact                                200   200   200   200   200   200   200   200   200   200
GET /api/v1/learning/notifications                         200   200   200   200   200   200   200   200   200   200
GET /api/v1/learning/overdue                               200   200   200   200   200   200   200   200   200   200
GET /api/v1/learning/plan                                  200   200   200   200   200   200   200   200   200   200
GET /api/v1/learning/programs                              200   200   200   200   200   200   200   200   200   200
GET /api/v1/learning/waves                                 200   200   200   200   200   200   200   200   200   200
GET /api/v1/learning/recognitions                          200   200   200   200   200   200   200   200   200   200
GET /api/v1/learning/recognitions/counts                   200   200   200   200   200   200   200   200   200   200
GET /api/v1/learning/praise                                403   200   403   403   403   403   200   403   403   200
GET /api/v1/learning/boosters                              200   200   200   200   200   200   200   200   200   200
GET /api/v1/learning/boosters/impact                       403   200   200   200   403   403   200   200   403   200
GET /api/v1/learning/booster-assignments                   200   200   200   200   200   200   200   200   200   200
GET /api/v1/library/articles/{article_id}                  200   200   200   200   200   200   200   200   200   200
GET /api/v1/library/spreading                              404   404   404   404   404   404   404   404   404   404
GET /api/v1/library/articles/{article_id}/adoptions        200   200   200   200   200   200   200   200   200   200
GET /api/v1/library/search                                 200   200   200   200   200   200   200   200   200   200
GET /api/v1/me                                             200   200   200   200   200   200   200   200   200   200
GET /api/v1/access-log                                   403   403   403   403   403   403   403   403   200   200
GET /api/v1/insights/models                               403   403   403   403   200   403   200   200   200   200
GET /api/v1/insights/segments                             403   403   403   403   200   403   200   200   200   200
GET /api/v1/insights/campaigns                            403   403   403   403   200   403   200   200   200   200
GET /api/v1/insights/campaigns/{campaign_id}              403   403   403   403   200   403   200   200   200   200
GET /api/v1/insights/campaigns/{campaign_id}/send-list    403   403   403   403   200   403   200   403   403   200
GET /api/v1/members/index                                200   200   200   403   403   403   200   403   200   200
GET /api/v1/members/{member_id}/preferences              200   200   200   403   403   403   200   403   200   200
GET /api/v1/members/{member_id}/reach                    400   400   400   403   403   403   400   403   400   400
GET /api/v1/members                                        200   200   200   403   403   403   200   403   200   200
GET /api/v1/members/{member_id}                            200   200   200   403   403   403   200   403   200   200
GET /api/v1/insights/next-best-actions/{member_id}        200   200   200   403   403   403   200   403   200   200
GET /api/v1/metrics                                        200   200   200   200   200   200   200   200   200   200
GET /api/v1/metrics/{name}                                 200   200   200   200   200   200   200   200   200   200
GET /api/v1/quality/audits                                 200   200   200   200   200   200   200   200   200   200
GET /api/v1/quality/auto-qa                                200   200   200   200   200   200   200   200   200   200
GET /api/v1/quality/audits/{audit_id}                      200   200   200   200   200   404   404   200   200   200
GET /api/v1/quality/calibrations                           200   200   200   200   200   200   200   200   200   200
GET /api/v1/quality/calibrations/drift                     200   200   200   200   200   200   200   200   200   200
GET /api/v1/quality/calibrations/{session_id}              404   200   200   404   404   404   404   200   404   200
GET /api/v1/quality/disputes                               200   200   200   200   200   200   200   200   200   200
GET /api/v1/quality/queue                                  200   200   200   200   200   200   200   200   200   200
GET /api/v1/quality/scores                                 200   200   200   200   200   200   200   200   200   200
GET /api/v1/transcripts/questions                         403   200   200   200   200   403   200   200   403   200
GET /api/v1/transcripts/{contact_id}                      200   200   200   200   200   200   404   200   200   200
GET /api/v1/transcripts/{contact_id}/raw                  403   403   403   403   403   403   403   403   200   200
GET /api/v1/voice/analysis                                 403   200   200   200   200   403   200   200   403   200
GET /api/v1/voice/benchmarks                               200   200   200   200   200   200   200   200   200   200
GET /api/v1/voice/follow-ups/unit/{unit}                   403   200   403   403   403   403   404   403   403   200
GET /api/v1/voice/follow-ups/unit/{unit}/figures           403   200   403   403   200   403   404   200   403   200
GET /api/v1/voice/follow-ups/{follow_up_id}                403   200   403   403   403   403   404   403   403   200
GET /api/v1/voice/ideas                                    200   200   200   200   200   200   200   200   200   200
GET /api/v1/voice/ideas/you-said-we-did                    200   200   200   200   200   200   200   200   200   200
GET /api/v1/voice/ideas/{reference}                        200   200   200   200   200   200   200   200   200   200
GET /api/v1/voice/results/{unit}                           200   200   200   200   200   200   404   200   200   200
GET /api/v1/voice/surveys                                  200   200   200   200   200   200   200   200   200   200
GET /api/v1/voice/themes                                   200   200   200   200   200   200   200   200   200   200
GET /api/v1/workforce/events                               403   403   403   403   403   200   200   200   403   200
GET /api/v1/workforce/forecast                             403   403   403   403   403   400   400   400   403   400
GET /api/v1/workforce/intraday                             403   403   403   403   403   400   400   400   403   400
GET /api/v1/workforce/scenario                             403   403   403   403   403   400   400   400   403   400
POST behaviors:reword                                      403   403   403   403   403   403   403   400   403   400
POST coaching:create                                       400   400   400   400   400   400   400   400   400   400
POST coaching:leader-check-in                              403   400   403   403   403   403   400   400   403   400
POST coaching:leader-commit                                403   400   403   403   403   403   400   400   403   400
POST coaching:leader-close                                 403   400   403   403   403   403   404   400   403   400
POST members:preferences                                   302   302   403   403   403   403   302   403   403   302
POST coaching:follow-up                                    403   302   403   403   403   403   403   403   403   403
POST compliance:case-decide                               400   400   403   403   403   403   404   403   400   400
POST compliance:case-extend                               400   400   403   403   403   403   404   403   400   400
POST compliance:case-notify                               400   400   403   403   403   403   404   403   400   400
POST compliance:case-reassign                             400   400   403   403   403   403   404   403   400   400
POST compliance:intake                                    400   400   403   403   403   403   400   403   400   400
POST insights:action-outcome                               400   400   403   403   403   403   400   403   403   400
POST insights:segments                                    403   403   403   403   400   403   403   403   403   400
POST insights:campaigns                                   403   403   403   403   400   403   400   403   403   400
POST learning:complete                                     400   400   400   400   400   400   400   400   400   400
POST learning:read-notifications                           200   200   200   200   200   200   200   200   200   200
POST learning:recognise                                     400   400   403   403   403   403   400   403   403   400
POST learning:pass-on                                       403   400   403   403   403   403   400   403   403   400
POST learning:assign-boosters                               403   200   403   200   403   403   200   403   403   200
POST learning:complete-booster                              400   400   400   400   400   400   400   400   400   400
POST learning:booster-new                                  403   403   403   400   403   403   403   403   403   400
POST learning:booster-edit                                 403   403   403   400   403   403   403   403   403   400
POST library:helpful                                       400   400   400   400   400   400   400   400   400   400
POST library:target                                        403   403   403   403   403   403   302   403   403   302
POST library:adopt                                         403   403   403   403   403   403   400   403   403   400
POST library:transition                                    404   404   404   404   404   404   404   404   404   404
POST library:upload                                        404   404   404   302   404   404   302   404   404   302
POST quality:auto-qa-override                              403   400   400   403   403   403   403   403   403   400
POST quality:calibration-close                             403   403   302   403   403   403   404   403   403   302
POST quality:calibration-create                            403   403   400   403   403   403   400   403   403   400
POST quality:calibration-score                             403   400   400   403   403   403   403   403   403   403
POST quality:dispute                                       400   403   403   403   403   403   403   403   403   403
POST quality:resolve                                       403   403   403   403   403   404   404   403   403   400
POST quality:save                                          403   403   400   403   403   404   404   403   403   403
POST quality:scorecard-create                              403   403   400   403   403   403   400   403   403   400
POST quality:scorecard-discard                             403   403   302   403   403   403   302   403   403   302
POST quality:scorecard-draft-edit                          403   403   404   403   403   403   404   403   403   404
POST quality:scorecard-next                                403   403   302   403   403   403   302   403   403   302
POST quality:scorecard-publish                             403   403   404   403   403   403   404   403   403   404
POST quality:sample-draw                                   403   403   400   403   403   403   400   403   403   400
POST quality:start                                         403   400   400   403   403   403   400   403   403   400
POST voice:comment                                         400   400   400   400   400   400   400   400   400   400
POST voice:follow-up-outcome                               403   400   403   403   403   403   404   403   403   400
POST voice:follow-ups-open                                 403   302   403   403   403   403   302   403   403   302
POST voice:move                                            403   403   403   403   302   403   403   302   403   302
POST voice:propose                                         400   400   400   400   400   400   400   400   400   400
POST voice:vote                                            302   302   302   302   302   302   302   302   302   302
POST workforce:event-add                                   403   403   403   403   403   400   403   403   403   400
POST workforce:event-remove                                403   403   403   403   403   302   403   403   403   302
DELETE /api/v1/voice/ideas/{reference}/vote                200   200   200   200   200   200   200   200   200   200
DELETE /api/v1/workforce/events/{event_id}                 403   403   403   403   403   404   403   403   403   404
POST /api/v1/behaviors/definitions                         403   403   403   403   403   403   403   400   403   400
POST /api/v1/behaviors/rehearsals                          403   403   403   403   403   403   403   403   403   403
POST /api/v1/behaviors/values                              403   403   403   403   403   403   403   400   403   400
POST /api/v1/behaviors/{code}/wordings                     403   403   403   403   403   403   403   200   403   200
POST /api/v1/coaching/sessions                             403   403   403   403   403   403   403   403   403   403
POST /api/v1/coaching/leaders/{code}/check-ins             403   400   403   403   403   403   403   400   403   400
POST /api/v1/coaching/leaders/{code}/commitments           403   400   403   403   403   403   403   400   403   400
POST /api/v1/coaching/leaders/{code}/commitments/{id}/close 403   200   403   403   403   403   403   200   403   200
POST /api/v1/coaching/sessions/{session_id}/follow-up      403   200   403   403   403   403   403   403   403   403
POST /api/v1/compliance/cases/intake                      400   400   403   403   403   403   400   403   400   400
POST /api/v1/compliance/cases/{case_id}/decision          400   400   403   403   403   403   404   403   400   400
POST /api/v1/compliance/cases/{case_id}/extension         400   400   403   403   403   403   404   403   400   400
POST /api/v1/compliance/cases/{case_id}/notification      400   400   403   403   403   403   404   403   400   400
POST /api/v1/compliance/cases/{case_id}/owner             400   400   403   403   403   403   404   403   400   400
POST /api/v1/ingest/cases                                  403   403   403   403   403   403   403   403   403   200
POST /api/v1/ingest/fhir                                  403   403   403   403   403   403   403   403   403   400
POST /api/v1/ingest/contacts                               403   403   403   403   403   403   403   403   403   200
POST /api/v1/ingest/test-calls                             403   403   403   403   403   403   403   403   403   200
POST /api/v1/ingest/staffing-plan                         403   403   403   403   403   403   403   403   403   200
POST /api/v1/ingest/survey-responses                       403   403   403   403   403   403   403   403   403   200
POST /api/v1/ingest/voice-benchmarks                       403   403   403   403   403   403   403   403   403   200
POST /api/v1/ingest/transcripts                           403   403   403   403   403   403   403   403   403   200
POST /api/v1/learning/completions                          400   400   400   400   400   400   400   400   400   400
POST /api/v1/learning/completions/import                   422   422   422   422   422   422   422   422   422   422
POST /api/v1/learning/credentials/{credential_id}/revoke   403   403   403   200   403   403   400   403   403   200
POST /api/v1/learning/notifications/read                   200   200   200   200   200   200   200   200   200   200
POST /api/v1/learning/programs                             403   403   403   200   403   403   403   403   403   200
POST /api/v1/learning/waves                                403   403   403   403   403   403   403   403   403   400
POST /api/v1/learning/recognitions                         400   400   403   403   403   403   400   403   403   400
POST /api/v1/learning/praise/{response_id}/pass-on         403   400   403   403   403   403   400   403   403   400
POST /api/v1/learning/boosters                             403   403   403   400   403   403   403   403   403   400
POST /api/v1/learning/booster-assignments                  403   400   403   400   403   403   400   403   403   400
POST /api/v1/learning/booster-assignments/run              403   200   403   200   403   403   200   403   403   200
POST /api/v1/learning/booster-assignments/{assignment_id}/complete 200 200 403 200 403 403 404 403 403 200
POST /api/v1/library/articles/{article_id}/helpful         200   200   200   200   200   200   200   200   200   200
PUT /api/v1/library/articles/{article_id}/target           403   403   403   403   403   403   400   403   403   400
POST /api/v1/library/articles/{article_id}/adoptions       403   403   403   403   403   403   400   403   403   400
POST /api/v1/members/{member_id}/consent                 400   400   403   403   403   403   400   403   403   400
POST /api/v1/members/{member_id}/preferences             400   400   403   403   403   403   400   403   403   400
POST /api/v1/insights/next-best-actions/{member_id}/outcomes 400   400   403   403   403   403   400   403   403   400
POST /api/v1/insights/campaigns                           403   403   403   403   400   403   400   403   403   400
POST /api/v1/quality/audits                                403   400   400   403   403   403   400   403   403   400
POST /api/v1/quality/audits/{audit_id}/dispute             400   403   403   403   403   403   403   403   403   403
POST /api/v1/quality/calibrations                          403   403   400   403   403   403   400   403   403   400
POST /api/v1/quality/calibrations/{session_id}/close       403   403   200   403   403   403   404   403   403   200
POST /api/v1/quality/calibrations/{session_id}/scores      403   400   400   403   403   403   403   403   403   403
POST /api/v1/quality/disputes/{dispute_id}/resolve         403   403   403   403   403   403   403   403   403   400
POST /api/v1/quality/plans                                 403   403   403   403   403   403   403   403   403   400
POST /api/v1/quality/scorecards                            403   403   400   403   403   403   400   403   403   400
POST /api/v1/quality/scorecards/{code}/versions            403   403   400   403   403   403   400   403   403   400
POST /api/v1/voice/follow-ups/open                         403   200   403   403   403   403   200   403   403   200
POST /api/v1/voice/follow-ups/{follow_up_id}/outcome       403   400   403   403   403   403   404   403   403   400
POST /api/v1/voice/ideas                                   400   400   400   400   400   400   400   400   400   400
POST /api/v1/voice/ideas/{reference}/comments              201   201   201   201   201   201   201   201   201   201
POST /api/v1/voice/ideas/{reference}/vote                  200   200   200   200   200   200   200   200   200   200
POST /api/v1/voice/ideas/{reference}/{action}              403   403   403   403   400   403   403   400   403   400
POST /api/v1/workforce/events                              403   403   403   403   403   400   403   403   403   400
PUT /api/v1/quality/audits/{audit_id}/answers              403   403   400   403   403   403   403   403   403   403
POST logout                                                302   302   302   302   302   302   302   302   302   302
"""
# fmt: on


def parse_grid(grid: str) -> dict[str, dict[str, int]]:
    """`METHOD target  s1 s2 … s10` lines → {"METHOD target": {role: status}}."""
    table: dict[str, dict[str, int]] = {}
    for line in grid.strip().splitlines():
        if line.startswith("#"):
            continue
        method, target, *statuses = line.split()
        assert len(statuses) == len(ROLES), f"{method} {target}: {len(statuses)} statuses for {len(ROLES)} roles"
        table[f"{method} {target}"] = {role: int(s) for role, s in zip(ROLES, statuses, strict=True)}
    return table


EXPECTED = parse_grid(EXPECTED_GRID)


@cache
def pages() -> dict[str, list[str]]:
    """Every named page of the site → its URL parameters (Django's admin by its front door only, the
    API by its operations)."""

    def walk(patterns: list[URLPattern | URLResolver], namespace: str) -> Iterator[tuple[str, list[str]]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner)
            elif pattern.name:
                yield f"{namespace}{pattern.name}", list(getattr(pattern.pattern, "converters", {}))

    found = {}
    for name, params in walk(get_resolver().url_patterns, ""):
        if name.startswith(ADMIN_NAMESPACE):
            found["admin:index"] = []
        elif not name.startswith(API_NAMESPACE) or name in API_PAGES:
            found[name] = params
    return found


def api_operations() -> set[str]:
    """Every operation of the API as `METHOD /api/v1/path/{param}`, from its OpenAPI schema."""
    schema = _schema()
    return {f"{method.upper()} {path}" for path, methods in schema["paths"].items() for method in methods}


def page_url(name: str, ids: dict[str, str]) -> str:
    app = name.split(":")[0]
    kwargs = {param: ids[PAGE_PARAMS.get((app, param), param)] for param in pages()[name]}
    return reverse(name, kwargs=kwargs)


def api_url(path: str, ids: dict[str, str]) -> str:
    app = path.removeprefix(API_ROOT + "/").split("/")[0]
    url = path
    while "{" in url:
        start, end = url.index("{"), url.index("}")
        param = url[start + 1 : end]
        url = url[:start] + ids[API_PARAMS.get((app, param), param)] + url[end + 1 :]
    return url


@cache
def _schema() -> dict[str, Any]:
    from heartline.config.api import api

    return dict(api.get_openapi_schema())


def sample(schema: dict[str, Any], components: dict[str, Any]) -> Any:
    """The smallest value `schema` accepts: required fields only, each a placeholder of its type.

    Placeholders name nothing that exists, so a role allowed to act gets the service's refusal of
    the request (400/404) and a role that is not gets 403: the matrix sees the permission check."""
    if "$ref" in schema:
        return sample(components[schema["$ref"].rsplit("/", 1)[-1]], components)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [o for o in schema[key] if o.get("type") != "null"]
            return sample(options[0], components)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type", "object")
    if kind == "object":
        properties = schema.get("properties", {})
        return {name: sample(properties[name], components) for name in schema.get("required", [])}
    if kind == "array":
        return [sample(schema.get("items", {}), components) for _ in range(schema.get("minItems", 0))]
    if kind == "string":
        return {"date": "2026-03-20", "date-time": "2026-03-20T12:00:00Z"}.get(schema.get("format", ""), "x")
    return {"integer": 1, "number": 1.0, "boolean": False}[kind]


def api_request(method: str, path: str) -> tuple[dict[str, Any], str | None]:
    """The required query parameters and the JSON body (if any) of an operation, as placeholders."""
    schema = _schema()
    operation = schema["paths"][path][method.lower()]
    components = schema.get("components", {}).get("schemas", {})
    query = {
        p["name"]: sample(p.get("schema", {}), components)
        for p in operation.get("parameters", [])
        if p["in"] == "query" and p.get("required")
    }
    content = operation.get("requestBody", {}).get("content", {})
    body = (
        json.dumps(sample(content["application/json"]["schema"], components)) if "application/json" in content else None
    )
    return query, body


def answer(client: Client, key: str, ids: dict[str, str]) -> int:
    method, target = key.split(" ", 1)
    if target.startswith(API_ROOT):
        url = api_url(target, ids)
        query, body = api_request(method, target)
        if query:
            url = f"{url}?{urlencode(query)}"
        send = getattr(client, method.lower())
        return int((send(url) if body is None else send(url, data=body, content_type="application/json")).status_code)
    url = page_url(target, ids)
    return int((client.get(url) if method == "GET" else client.post(url, {})).status_code)


@pytest.fixture(scope="module")
def world(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[MatrixWorld]:
    """One set of records for the whole module, in a transaction rolled back when the module ends."""
    from heartline.core.analytics import warehouse_source
    from heartline.warehouse.store import Warehouse

    root: Path = tmp_path_factory.mktemp("matrix")
    with (
        django_db_blocker.unblock(),
        override_settings(WAREHOUSE_DIR=root / "warehouse", LIBRARY_INDEX_DIR=root / "library-index"),
    ):
        warehouse_source.cache_clear()
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_matrix_world(Warehouse(root / "warehouse"))
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            warehouse_source.cache_clear()


def test_every_page_and_operation_has_a_row() -> None:
    rows = {key.split(" ", 1)[1] for key in EXPECTED}
    walked = set(pages()) | {key.split(" ", 1)[1] for key in api_operations()}
    api_rows = {key for key in EXPECTED if key.split(" ", 1)[1].startswith(API_ROOT)}
    assert (sorted(walked - rows), sorted(rows - walked), sorted(api_operations() ^ api_rows)) == ([], [], [])


@pytest.mark.parametrize("role", ROLES)
def test_each_page_and_operation_answers_as_the_policy_says(role: str, world: MatrixWorld, db: None) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(world.people[role].user)
    answers = {key: answer(client, key, world.ids) for key in EXPECTED}
    assert answers == {key: row[role] for key, row in EXPECTED.items()}
