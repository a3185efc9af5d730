"""Choose: what an opportunity needs, and the shortlist of people who meet it."""
