"""Database backends of our own (Django loads ``<package>.base.DatabaseWrapper``)."""
