"""The command line: takes arguments, gives reports on stdout and an exit code.

The app, main() and run() are in app.py; shared options in options.py; output and the one exit-code policy
in output.py; one module per command beside them. Nothing below this package prints or exits.
"""

# The exit codes; output.exit_code is the one policy choosing among them. Here, so that `gwstd --help` need not
# load output.py: command modules import it inside their bodies.
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
