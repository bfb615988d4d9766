"""The foundation every layer stands on: error roots, the atomic file writer, size limits,
the application's name, version and licences. It imports nothing else of the app."""
