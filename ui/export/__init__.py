"""Exports of an open assessment: PDF (with a page preview), Excel, answers file; jobs off the UI thread."""
