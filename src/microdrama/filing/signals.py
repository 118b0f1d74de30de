"""What the filing centre announces to other apps.

`online_filing_approved(application)` is sent once an online filing's official number is recorded;
the copyright centre listens and registers every episode.
"""

from django.dispatch import Signal

online_filing_approved = Signal()
