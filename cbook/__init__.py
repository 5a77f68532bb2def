"""Culture Book: co-write, review and publish a living book of principles and tools.

The app is built by :func:`cbook.app.create_app` (the composition root).
"""
