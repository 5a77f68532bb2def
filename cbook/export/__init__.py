"""Editions of a book: EPUB, PDF, DOCX, a web site, a blog series and Markdown, via pandoc."""
