"""Users, roles, login sessions and personal API tokens."""
