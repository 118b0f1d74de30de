"""What happens to a case, as operations people (and the clock) perform: open it from a match with
its evidence, confirm or reject it, send the warning letter and its reminders, take the platform's
answer (takedown or dispute), re-check the URL, and escalate when the clock runs out.

One module per concern: `people`, `cases`, `notices` (and the platform's answers), `clock`."""

from .cases import (
    check_watermark,
    collect_evidence,
    confirm,
    note_duplicate,
    open_cases,
    reject,
    resolve_dispute,
    withdraw,
)
from .clock import recheck, sweep
from .notices import (
    MAX_DELIVERY_ATTEMPTS,
    NUMBER_PREFIX,
    can_answer,
    deliver,
    dispute,
    issue_notice,
    notice_delivered,
    report_takedown,
    retry_delay,
)
from .people import can_review, case_url, centre_officers, holder_people, platform_people, takedown_hours

__all__ = [
    "MAX_DELIVERY_ATTEMPTS",
    "NUMBER_PREFIX",
    "can_answer",
    "can_review",
    "case_url",
    "centre_officers",
    "check_watermark",
    "collect_evidence",
    "confirm",
    "deliver",
    "dispute",
    "holder_people",
    "issue_notice",
    "note_duplicate",
    "notice_delivered",
    "open_cases",
    "platform_people",
    "recheck",
    "reject",
    "report_takedown",
    "resolve_dispute",
    "retry_delay",
    "sweep",
    "takedown_hours",
    "withdraw",
]
