"""gwstd's seams with the system: takes paths, streams and revisions, gives bytes, text and files written
whole. Atomic writes, console streams, the bundled folders, git and the cache folder live here, so that the
stages above take data and return data."""
