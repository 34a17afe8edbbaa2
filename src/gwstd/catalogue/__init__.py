"""The catalogue: takes validated data, gives the model and what is computed from it.

The model (model.py) and data → model (assemble.py); the one vocabulary (vocab.py); model → YAML
(to_yaml.py); the changes between two editions (diff.py); the scope guide (scopeguide.py) and coverage of
it (coverage.py); statistics (stats.py). Pure: no I/O.
"""
