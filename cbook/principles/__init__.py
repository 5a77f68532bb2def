"""Principles and audiences, and the tagging of sections with them."""
