"""Identity: normalisers for emails, profile URLs, phones, names and organisations."""
