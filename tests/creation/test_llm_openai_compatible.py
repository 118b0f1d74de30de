"""The LLM path against a real OpenAI-compatible server on 127.0.0.1: JSON mode, validation
against the stage's schema, one repair turn for broken JSON, and truncation reported clearly."""

from __future__ import annotations

import json
import socket

import pytest

from microdrama.creation.backends import Backends, backends_from_settings
from microdrama.creation.llm import LLMError, LLMTruncated, OpenAICompatibleLLM
from microdrama.creation.project import Project, Stage
from microdrama.creation.stages.plan import plan_series
from microdrama.creation.stages.write import write_episode

from .conftest import PREMISE
from .llm_server import ChatServer


@pytest.fixture(scope="module")
def offline_bible():
    return plan_series(PREMISE)


def _llm(server: ChatServer) -> OpenAICompatibleLLM:
    return OpenAICompatibleLLM(server.base_url, "test-model", "sk-test", max_tokens=4000, timeout=20)


def test_a_valid_reply_becomes_the_series_bible(offline_bible):
    with ChatServer([(offline_bible.model_dump_json(), "stop")]) as server:
        llm = _llm(server)
        bible = plan_series(PREMISE, llm)
    assert bible.title == offline_bible.title and len(bible.episodes) == PREMISE.episodes
    request = server.requests[0]["body"]
    assert request["response_format"] == {"type": "json_object"} and request["model"] == "test-model"
    system, user = request["messages"][0]["content"], request["messages"][1]["content"]
    assert "json" in system and '"characters"' in system and '"episodes"' in system  # schema included
    assert json.loads(user)["premise"] == PREMISE.premise
    assert server.requests[0]["auth"] == "Bearer sk-test"
    assert llm.usage and llm.usage[0]["prompt_tokens"] == 100


def test_broken_json_is_repaired_once_with_the_error_sent_back(offline_bible):
    broken = offline_bible.model_dump_json()[:200]  # cut mid-object, but the model said "stop"
    with ChatServer([(broken, "stop"), (offline_bible.model_dump_json(), "stop")]) as server:
        bible = plan_series(PREMISE, _llm(server))
    assert bible.title == offline_bible.title
    assert len(server.requests) == 2
    repair = server.requests[1]["body"]["messages"]
    assert repair[-2] == {"role": "assistant", "content": broken}
    assert "错误" in repair[-1]["content"] and "json" in repair[-1]["content"]


def test_a_reply_that_parses_but_breaks_the_schema_is_repaired_too(offline_bible):
    incomplete = json.dumps({"title": "只有标题"}, ensure_ascii=False)
    with ChatServer(
        [(incomplete, "stop"), ("```json\n" + offline_bible.model_dump_json() + "\n```", "stop")]
    ) as server:
        bible = plan_series(PREMISE, _llm(server))
    assert bible.title == offline_bible.title
    assert "characters" in server.requests[1]["body"]["messages"][-1]["content"]


def test_json_still_broken_after_the_repair_fails_clearly(offline_bible):
    with (
        ChatServer([("{不是 JSON", "stop"), ("还是不行", "stop")]) as server,
        pytest.raises(LLMError) as caught,
    ):
        plan_series(PREMISE, _llm(server))
    assert caught.value.code == "invalid_json" and "已自动修复一次" in str(caught.value)
    assert len(server.requests) == 2


def test_truncation_is_reported_and_not_repaired(offline_bible):
    with (
        ChatServer([(offline_bible.model_dump_json()[:500], "length")]) as server,
        pytest.raises(LLMTruncated) as caught,
    ):
        plan_series(PREMISE, _llm(server))
    assert "finish_reason=length" in str(caught.value) and "max_tokens" in str(caught.value)
    assert caught.value.code == "truncated"
    assert len(server.requests) == 1


def test_an_unreachable_server_is_a_clear_error():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    llm = OpenAICompatibleLLM(f"http://127.0.0.1:{port}/v1", "m", timeout=3)
    with pytest.raises(LLMError) as caught:
        plan_series(PREMISE, llm)
    assert caught.value.code == "connection" and "无法连接" in str(caught.value)


def test_the_model_must_outline_every_episode(offline_bible):
    one = offline_bible.model_copy(update={"episodes": offline_bible.episodes[:1]})
    with (
        ChatServer([(one.model_dump_json(), "stop")]) as server,
        pytest.raises(LLMError, match="缺少第 2 集"),
    ):
        plan_series(PREMISE, _llm(server))


def test_a_project_configured_with_a_model_writes_through_it(tmp_path, offline_bible):
    episodes = [write_episode(offline_bible, n) for n in (1, 2)]
    replies = [(offline_bible.model_dump_json(), "stop")] + [(e.model_dump_json(), "stop") for e in episodes]
    with ChatServer(replies) as server:
        backends = backends_from_settings(
            {"llm": {"kind": "openai", "base_url": server.base_url, "model": "test-model", "api_key": "k"}}
        )
        project = Project.create(tmp_path / "p", PREMISE)
        project.run_all(backends, until=Stage.STORYBOARD)
        # the episode request carries the bible and the previous cliffhanger
        second = json.loads(server.requests[2]["body"]["messages"][1]["content"])
        assert second["episode"] == 2 and second["previous_cliffhanger"] == episodes[0].cliffhanger
        # running again with the same model and inputs asks the model nothing
        project.run_all(backends, until=Stage.STORYBOARD)
    assert len(server.requests) == 3
    assert project.meta(Stage.BIBLE).produced_by.startswith("openai-compatible:test-model@http://127.0.0.1")
    assert project.scripts().episodes == episodes
    assert project.storyboard() is not None
    # switching back to the offline writer is a different backend: the bible is redone
    assert any(s.stale for s in project.status(Backends()) if s.stage == Stage.BIBLE)


def test_incomplete_settings_are_refused():
    from microdrama.creation.backends import BackendConfigError

    with pytest.raises(BackendConfigError, match="model"):
        backends_from_settings({"llm": {"kind": "openai", "base_url": "http://127.0.0.1:1/v1"}})
    with pytest.raises(BackendConfigError, match="未知"):
        backends_from_settings({"video": {"kind": "sora"}})
