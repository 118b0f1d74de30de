"""Filing centre models, one module per concept."""

from .applications import Application, ApplicationEvent, Stage, State
from .calendar import CalendarEdit, CalendarYear, WorkDay
from .conversation import Message, MessageRead
from .dramas import Attachment, Drama, DramaCreator
from .episodes import Episode
from .reviews import (
    ChecklistAnswer,
    ChecklistItem,
    EpisodeWatch,
    ReviewAssignment,
    ReviewOpinion,
    ReviewVerdict,
    TitleRule,
)
from .rules import SlaPolicy, TierRule

__all__ = [
    "Application", "ApplicationEvent", "Attachment", "CalendarEdit", "CalendarYear", "ChecklistAnswer",
    "ChecklistItem", "Drama", "DramaCreator", "Episode", "EpisodeWatch", "Message", "MessageRead",
    "ReviewAssignment", "ReviewOpinion", "ReviewVerdict", "SlaPolicy", "Stage", "State", "TierRule", "TitleRule",
    "WorkDay",
]
