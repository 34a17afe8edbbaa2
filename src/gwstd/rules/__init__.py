"""Domain rules: takes loaded documents and the cross-file index, gives findings.

What a rule declares (base.py), the registry (registry.py), one module per rule.
"""
