"""One module per ``build.py`` subcommand; see csckg/cli.py."""
