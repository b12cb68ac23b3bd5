"""The SQLite store: its schema, the one writer, and read-only access. It writes what it is given."""
