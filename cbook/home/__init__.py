"""A signed-in person's home: what is theirs to write, review and answer."""
