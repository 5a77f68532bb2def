"""Review and merge: proposals, three-way merges, anchored comments, the inbox."""
