"""What it means: pure analysis of projects as of a date; no I/O, no Textual."""
