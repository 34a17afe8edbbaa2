"""The command line: takes arguments, gives reports on stdout and an exit code. The app, main() and run() are
in app.py; shared options in options.py; output and the one exit-code policy in output.py; one module per
command beside them. Nothing below this package prints or exits."""
