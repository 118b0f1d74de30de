"""What monitoring announces (enforcement listens; monitoring imports nothing from it).

* `copies_found(sender=Candidate, candidate, matches)`: a candidate's matches are stored
  (`matches` = its Match rows, best first). Sent inside the transaction that stored them.
* `duplicate_found(sender=Candidate, candidate, original)`: a candidate turned out to be the same
  file as one seen before (same SHA-256); it is not matched again.
"""

from django.dispatch import Signal

copies_found = Signal()
duplicate_found = Signal()
