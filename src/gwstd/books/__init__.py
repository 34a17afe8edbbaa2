"""Books: takes catalogue models, gives the published Excel workbook and HTML book.

build.py validates and writes the books asked for (each book's writer; the books are listed in the format
registry, gwstd.reports.registry); cells.py holds the cell text both books print; one module per book.
"""
