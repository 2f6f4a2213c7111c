"""One module per ``build.py`` subcommand; see csckg/cli/main.py."""
