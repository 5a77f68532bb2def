"""Demo content (the Pushing What Moves Culture Book) and its builders."""
