"""Identity: pure rules about who is who, which sources, store and evidence share.

* :mod:`~goodword.identity.normalise`: normalisers for emails, profile URLs, phones, names and organisations;
* :mod:`~goodword.identity.keys`: the stable key of an identity and of a person;
* :mod:`~goodword.identity.organisation`: whether two organisation keys name one organisation;
* :mod:`~goodword.identity.names`: whether two names, or a name and an address, are alike.

Nothing here opens a database or imports anything of goodword but ``errors``
and this package: the database-facing resolver is :mod:`goodword.store.resolve`,
and the matcher that weighs, records and applies matches is
:mod:`goodword.store.matching`.
"""
