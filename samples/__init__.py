"""The bundled sample: the seed monitoring report as an import file."""
