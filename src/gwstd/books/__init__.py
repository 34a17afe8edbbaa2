"""The published books: takes catalogue models, gives the Excel workbook and the HTML book. The build and
each book's writer (build.py; the books are listed in gwstd.reports.registry), cell text shared by both books
(cells.py), one module per book."""
