"""goodword: pick, vet, prepare and track the people who vouch for you.

The package follows the data: ``sources`` (files into records) → ``store``
(records into the database) → ``identity`` → ``evidence`` (the three
criteria) → ``choose`` (shortlists) → ``workflow`` → ``documents``, with
thin faces (``cli``) calling the one facade, :mod:`goodword.service`.
"""

__version__ = "0.1.0"
