"""Editions: takes folders or git revisions, gives catalogue models and the changes between two.

read.py: the validated files on disk as models, a folder, a revision read straight from git; changes.py:
the changes between two editions named on the command line.
"""
