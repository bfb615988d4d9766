"""Checklist engine: definitions, the expression language and the evaluator (Qt-free)."""
