"""Import: takes the Excel workbooks counties already have, gives a catalogue model and its YAML files.

Reading sheets and headers (read.py), pure cell parsers (cells.py), assembling the model (assemble.py) and
writing the files (write.py).
"""
