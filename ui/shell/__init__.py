"""The application's frame: start-up, the main window and its menus, language, look, errors, the data folder."""
