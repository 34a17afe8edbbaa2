"""Scaffolding: takes `gwstd init`'s choice of a blank or sample catalogue, gives the repository's files.

repository.py gives them as text; the CLI writes them.
"""
