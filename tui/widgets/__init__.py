"""Widgets and renderables: each takes the model or analysis results and draws them."""
