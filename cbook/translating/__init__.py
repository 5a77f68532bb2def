"""Translations of a book: a book in another language whose chapters and sections follow
its source's, each translated section linked to the source version it matches."""
