"""Bringing DOCX, ODT, Markdown and HTML documents into a chapter, one section per heading."""
