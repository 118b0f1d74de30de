"""A case moves only along the allowed transitions, whatever is attempted in whatever order: each
step that happens is one event on the timeline and one evidence-log entry; closing stamps the time
and the resolution; a refused step changes nothing."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microdrama.enforcement import workflow
from microdrama.enforcement.models import Case
from microdrama.rights.models import EvidenceEntry
from tests.monitoring.fixtures import match_of, suspect

pytestmark = pytest.mark.django_db
ACTIONS = sorted(workflow.TRANSITIONS)


def test_every_state_can_be_reached_and_closed_is_final():
    reachable = {Case.State.DETECTED}
    for _ in range(len(Case.State.values)):
        reachable |= {to for frm, to in workflow.TRANSITIONS.values() if reachable & frm}
    assert reachable == set(Case.State.values)
    assert all(Case.State.CLOSED not in frm for frm, _to in workflow.TRANSITIONS.values())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(ACTIONS), max_size=8))
def test_random_sequences_of_actions_follow_the_rules(web_source, work, fake_platform, actions):
    candidate = suspect(web_source, fake_platform.base + f"/v/{len(actions)}-{'-'.join(actions)}"[:200])
    from microdrama.enforcement import services

    case = services.open_cases(candidate, [match_of(candidate, work, 0.9)])[0]
    for action in actions:
        before_state, events, entries = case.state, case.events.count(), EvidenceEntry.objects.count()
        if workflow.can(case, action):
            workflow.transition(case, action, reason="test")
            case.refresh_from_db()
            assert case.state == workflow.TRANSITIONS[action][1]
            assert case.events.count() == events + 1 and EvidenceEntry.objects.count() == entries + 1
            last = case.events.last()
            assert (last.action, last.from_state, last.to_state) == (action, before_state, case.state)
        else:
            with pytest.raises(workflow.TransitionError):
                workflow.transition(case, action)
            case.refresh_from_db()
            assert case.state == before_state and case.events.count() == events
        if case.state == Case.State.CLOSED:
            assert case.closed_at and case.resolution
