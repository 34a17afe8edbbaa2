"""Scaffolding: takes `gwstd init`'s choices (catalogue, source of gwstd), gives the repository's files.

repository.py gives them as text (the catalogue, schemas, CI files, the hook config); source.py reads and
writes where gwstd is installed from (.gwstd/source); editor.py gives the editor settings. The CLI writes them.
"""
