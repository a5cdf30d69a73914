"""Django's SQLite backend with a writer's turn (``base``)."""
