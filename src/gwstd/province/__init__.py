"""Province: takes a folder of county catalogues, gives each county's books, the index and 全省汇总.xlsx.

pipeline.py checks and builds the counties (in parallel: one county a worker at a time) and summarises each
(gwstd.catalogue.province); index.py writes the provincial index page and its search data; workbook.py the
comparison workbook. A county that fails is a row with its problems, never the end of the others.
"""
