"""Enforcement models, one module per concept: the policy (SLA targets and thresholds as data),
platform profiles, cases with their events and evidence, notices and their deliveries."""

from .cases import Case, CaseEvent, EvidenceItem
from .notices import Delivery, Notice, PlatformProfile
from .policy import Policy

__all__ = ["Case", "CaseEvent", "Delivery", "EvidenceItem", "Notice", "PlatformProfile", "Policy"]
