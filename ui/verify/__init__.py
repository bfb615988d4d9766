"""Verifying a signed report: VerifyPanel (in VerifyDialog), trusting its certificate."""
