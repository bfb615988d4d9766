"""The settings dialog: language, data folder, signing identities, trust store, backups, about."""
