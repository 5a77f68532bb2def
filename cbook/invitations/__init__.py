"""Invitations: a person is brought in by a single-use link sent by mail.

``models`` (the table), ``queries`` (reads), ``cohort`` (a CSV of people read into rows),
``service`` (invite, re-send, revoke, accept), ``forms`` and ``views`` (the pages),
``commands`` (``cbook user invite``).
"""
