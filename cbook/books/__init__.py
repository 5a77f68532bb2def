"""Books, chapters, sections and the trios that own chapters."""
