"""Reports: PDF, Excel, signing and verification (Qt-free)."""
