"""The demo book's chapters, one module each, every one exporting a ``CHAPTER``."""
