"""The dashboard of an open assessment: compliance per checklist, findings, urgent rectifications."""
