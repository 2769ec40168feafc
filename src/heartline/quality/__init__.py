"""Call quality audits and calibration."""
