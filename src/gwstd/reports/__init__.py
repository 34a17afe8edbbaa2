"""Reports: takes a command's result (diagnostics, coverage, changes, statistics, the code catalogue), gives
text on a stream in the format asked for. One registry of formats (registry.py) for every kind of result."""
