"""Rights registration models, one module per concept."""

from .copies import DistributionCopy, LeakTrace
from .evidence import EvidenceEntry, TreeHead
from .works import RegisteredEpisode, Work

__all__ = ["DistributionCopy", "EvidenceEntry", "LeakTrace", "RegisteredEpisode", "TreeHead", "Work"]
