"""Serve: takes one catalogue's folder, gives its HTML book on a local web server, live as the files are edited.

session.py keeps each file's check and rebuilds from what changed (load → validate → model → the book, in
memory); server.py serves the page and its live-reload channel and nothing else; watch.py looks for saves.
"""
