"""The app's dialogs, one per file, each named …Dialog; none does database work itself."""
