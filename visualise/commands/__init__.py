"""The drawing subcommands of ``build.py`` (map, stats, path), registered in csckg/cli/main.py by module path."""
