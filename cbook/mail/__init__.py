"""Mail: an outbox written in the caller's transaction, delivered by a background sender.

``compose`` builds a checked message from a template, ``service.enqueue`` stores it with
the event that caused it, ``sender`` delivers what is due through ``transport`` (SMTP, or
``.eml`` files in the instance folder when no server is configured).
"""
