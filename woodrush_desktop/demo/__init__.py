"""The synthetic demo school."""
