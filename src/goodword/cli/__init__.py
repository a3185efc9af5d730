"""The command-line face: Typer commands that parse input, call the service and render."""
