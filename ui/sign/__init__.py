"""Signing the report: SignDialog, the signature pad, the seal picker, identities; amending a signed one."""
