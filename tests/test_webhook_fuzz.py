"""Property: whatever a client posts to the webhook, it never gets a 5xx and the bot lives on."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import WEBHOOK_SECRET

# Each request commits on its own, as in production (no test transaction around them).
pytestmark = pytest.mark.django_db(transaction=True)

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
any_json = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
huge_strings = st.integers(10_000, 400_000).map(lambda size: "ü" * size)


def real_updates(api) -> list[dict]:
    chat = api.chat(5001)
    start = chat.message_update("/start")
    press = chat.callback_update("g:1:1:1", message=start["message"])
    return [start, chat.message_update("hello"), press]


def paths(value, prefix=()):
    """Every (path, value) inside a JSON value."""
    yield prefix, value
    if isinstance(value, dict | list):
        for key, child in value.items() if isinstance(value, dict) else enumerate(value):
            yield from paths(child, (*prefix, key))


@st.composite
def mutated(draw, updates):
    update = json.loads(json.dumps(draw(st.sampled_from(updates))))
    for _ in range(draw(st.integers(1, 3))):
        path, _ = draw(st.sampled_from(list(paths(update))))
        if not path:
            continue
        parent = update
        for key in path[:-1]:
            parent = parent[key]
        if draw(st.booleans()) and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(any_json | huge_strings)
    return json.dumps(update).encode()


@st.composite
def truncated(draw, updates):
    text = json.dumps(draw(st.sampled_from(updates))).encode()
    return text[: draw(st.integers(0, len(text)))]


def test_no_body_makes_the_webhook_fail(client, webhook_post, botapi_server, sklearn_map):
    botapi_server.reset()
    updates = real_updates(botapi_server)
    bodies = (
        any_json.map(lambda value: json.dumps(value).encode())
        | mutated(updates)
        | truncated(updates)
        | st.binary(max_size=64)
    )
    statuses = set()

    # 2 000 bodies a run: CI runs this test on both databases (4 000 bodies in all), and
    # hypothesis' coverage of the webhook saturates well before that; 10 000 took almost
    # two minutes per database.
    @settings(
        max_examples=2_000,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(body=bodies)
    def post(body):
        response = client.post(
            "/telegram/webhook/",
            data=body,
            content_type="application/json",
            HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN=WEBHOOK_SECRET,
        )
        assert response.status_code < 500, body[:200]
        statuses.add(response.status_code)

    post()
    assert {200, 400} <= statuses
    # The worker and its bot runtime are still fine: a real update is answered.
    botapi_server.reset()
    chat = botapi_server.chat(5002, "Eve")
    assert webhook_post(chat.message_update("/start")).status_code == 200
    assert chat.screen()[0].startswith("Hi Eve!")
