"""The quality pages: the auditor's queue and workspace, scores, calibration.

Views raise the services' errors (`heartline.core.errors`); the error-page middleware answers.
"""
