"""Import: takes Excel workbooks counties already have, gives a catalogue model and the YAML files it is
written as. Reading sheets and headers (read.py), pure cell parsers (cells.py), assembling the model
(assemble.py) and writing the files (write.py)."""
