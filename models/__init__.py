"""Qt-free storage of Campus Self-Check: SQLite models, migrations, backups and operations."""
