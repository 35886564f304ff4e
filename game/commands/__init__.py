"""One module per command-line command: `add_arguments(parser)` and `run(args)`."""
