"""Scaffolding for `gwstd init`: takes the choice of a blank or sample catalogue, gives the files of a new
catalogue repository as text (repository.py); the CLI writes them."""
