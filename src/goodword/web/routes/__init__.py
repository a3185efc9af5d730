"""The web's routes by area; each module has ``pages`` (HTML) and ``api`` (their JSON twins)."""
