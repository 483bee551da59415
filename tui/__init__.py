"""What people see: the `drift` command and the Textual dashboard."""
