from django.urls import path

from heartline.quality.views import audits, auto_qa, calibration, sampling, scorecards, scores

app_name = "quality"
urlpatterns = [
    path("", audits.queue, name="queue"),
    path("audits/start/", audits.start, name="start"),
    path("samples/draw/", sampling.draw_sample, name="sample-draw"),
    path("audits/<int:audit_id>/", audits.audit_page, name="audit"),
    path("audits/<int:audit_id>/save/", audits.save, name="save"),
    path("audits/<int:audit_id>/dispute/", audits.dispute, name="dispute"),
    path("audits/<int:audit_id>/resolve/", audits.resolve, name="resolve"),
    path("scores/", scores.scores, name="scores"),
    path("auto-qa/", auto_qa.agreement_page, name="auto-qa"),
    path("auto-qa/contacts/<str:contact_id>/", auto_qa.contact_page, name="auto-qa-contact"),
    path("auto-qa/contacts/<str:contact_id>/override/", auto_qa.override, name="auto-qa-override"),
    path("scorecards/", scorecards.scorecard_list, name="scorecards"),
    path("scorecards/new/", scorecards.create, name="scorecard-create"),
    path("scorecards/drafts/<int:draft_id>/", scorecards.draft_page, name="scorecard-draft"),
    path("scorecards/drafts/<int:draft_id>/edit/", scorecards.edit, name="scorecard-draft-edit"),
    path("scorecards/drafts/<int:draft_id>/publish/", scorecards.publish, name="scorecard-publish"),
    path("scorecards/drafts/<int:draft_id>/discard/", scorecards.discard, name="scorecard-discard"),
    path("scorecards/<slug:code>/next/", scorecards.next_version, name="scorecard-next"),
    path("scorecards/<slug:code>/v<int:number>/", scorecards.version_page, name="scorecard-version"),
    path("calibration/", calibration.session_list, name="calibration-list"),
    path("calibration/new/", calibration.create, name="calibration-create"),
    path("calibration/<int:session_id>/", calibration.session_page, name="calibration"),
    path("calibration/<int:session_id>/score/", calibration.score, name="calibration-score"),
    path("calibration/<int:session_id>/close/", calibration.close, name="calibration-close"),
]
