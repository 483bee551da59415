"""What is kept: the model, its validation and the TinyDB store; no Textual here."""
