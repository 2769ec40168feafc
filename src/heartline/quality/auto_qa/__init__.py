"""Auto-QA: scorecard items judged from a contact's words — rules plus a model trained on human audits.

`engine.score_batch` answers each item (met / not met / not applicable) with a confidence, the deciding
turn and whether a rule or the model decided; `training.train` fits the model on human-audited
transcripts and measures, per item, agreement with the auditors on held-out contacts; `trust.item_status`
says which items may count ("trusted") and which are only shown to auditors ("suggested").
See docs/auto-qa.md.
"""
