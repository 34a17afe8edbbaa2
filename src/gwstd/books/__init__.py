"""The published books: takes catalogue models, gives the Excel workbook and the HTML book. The BOOKS
registry and the build (build.py), cell text shared by both books (cells.py), one module per book."""
