"""Validation: takes paths (or text standing in for them), gives diagnostics and the validated data.

The pipeline (pipeline.py), JSON Schema checks translated to Chinese (schema.py), the one text pass feeding
every text rule (textpass.py), parallel checking (parallel.py) and loading the scope guide (scopeguide.py).
"""
