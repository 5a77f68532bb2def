"""The one pandoc bridge: running pandoc and typst, our documents -> pandoc's AST, and back.

- ``run`` starts the converters (no shell, a timeout, atomic output) and reads documents
  as pandoc's JSON AST;
- ``ast_out`` maps our ProseMirror schema onto pandoc's AST (every export);
- ``ast_in`` and ``ast_text`` map pandoc's AST back onto our schema (the import, the demo);
- ``markdown`` reads many short inline Markdown texts in one pandoc run (the demo's texts).

Exports, imports and the demo all use it; none of them talks to pandoc another way.
"""
