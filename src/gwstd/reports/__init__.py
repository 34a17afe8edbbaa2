"""Reports: takes a command's result, gives text on a stream in the format asked for.

One registry of output formats (registry.py) for every kind of result: diagnostics, coverage, changes,
statistics, the code catalogue, import (and the books, which gwstd.books writes); one module per kind.
"""
