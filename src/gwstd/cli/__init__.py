"""The command line: takes arguments, gives reports on stdout and an exit code. The app and the exit
policy are in app.py, one module per command beside it; nothing below this package prints or exits."""
