"""Loading: takes paths or text, gives Documents (data with the position of every value) and diagnostics.
Decoding (read.py), the C fast path and the full loader (loader.py, full.py, yaml11.py), finding a
catalogue's files (discover.py) and the cross-file index of ids and departments (index.py)."""
