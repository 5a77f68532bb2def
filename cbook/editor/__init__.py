"""The ProseMirror schema, document rules and rendering of documents to HTML."""
