"""Seams with the system: takes paths, streams and revisions, gives bytes, text and files written whole.

Atomic writes (files.py), console streams (streams.py), the bundled folders (resources.py), git (git.py)
and the template cache (cache.py) live here, so that the stages above take data and return data.
"""
