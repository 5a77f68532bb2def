"""The web edge: request sessions, sign-in, errors and template helpers."""
