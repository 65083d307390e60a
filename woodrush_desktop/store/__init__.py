"""Persistence: the local SQLite database through peewee, its schema and its migrations."""
