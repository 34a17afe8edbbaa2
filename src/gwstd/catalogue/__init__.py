"""The catalogue model and what is computed from it: takes validated data, gives the model, and from the
model its YAML, the changes between two editions, coverage of the scope guide and statistics. Pure: no I/O."""
