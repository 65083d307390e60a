"""The attendance domain: register codes, the school's policy, the arithmetic and UPNs.

Pure Python with no Qt and no database, so every rule is testable on its own.
"""
