"""The `drift` subcommands that record monitoring progress, a module for each kind of record; each lists COMMANDS."""
