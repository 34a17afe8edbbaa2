"""Loading: takes paths or text, gives Documents (data with the position of every value) and diagnostics.

Reading and decoding (read.py); the Document and its positions (document.py); the C fast path and the full
loader (loader.py, _fastyaml.c, full.py, yaml11.py) and the parsers' errors in Chinese (yaml_errors.py);
finding a catalogue's files (discover.py); walking items (walk.py) and the cross-file index of ids and
departments (index.py).
"""
