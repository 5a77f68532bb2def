"""Notifications by email: each person's choice per kind (none, at once, a daily digest),
the mails composed from inbox entries (``mailer``), and one-click unsubscribe."""
