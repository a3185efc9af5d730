"""Mail: mbox files, Maildir folders and folders of one-message files, read as evidence.

Only header facts become records (who wrote to whom, when, in which thread);
bodies are never kept. One module per step, in the order a message passes:

* :mod:`~goodword.sources.mail.framing`: cut an mbox into messages, or read a
  message stored alone in a file; keep each header block and the first body bytes.
* :mod:`~goodword.sources.mail.headers`: read one message's header facts
  (addresses, dates, ids, labels), decoded and normalised.
* :mod:`~goodword.sources.mail.classify`: say what wrote it (a person, an
  out-of-office reply, a bounce, other automatic mail) and what its folders
  mean; every rule about what counts lives here.
* :mod:`~goodword.sources.mail.stream`: turn read messages into records,
  one at a time: copies, threads, the owner's addresses.
* :mod:`~goodword.sources.mail.mbox` and :mod:`~goodword.sources.mail.maildir`:
  the importers, one per layout.
* :mod:`~goodword.sources.mail.background`: read a large input in a second
  process while this one stores what it has read.

The traps of each layout, and which module handles each, are listed in
``docs/formats.md``. Nothing is imported here, so loading one step does
not load the others.
"""
