"""Backups of a whole instance in one engine-neutral zip (``cbook backup`` / ``restore``)."""
