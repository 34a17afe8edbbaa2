"""Domain rules: takes loaded documents and the cross-file index, gives diagnostics. One module per rule,
the Rule declaration in base.py, the registry in registry.py."""
