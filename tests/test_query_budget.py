"""The query budget: once a map's live version is cached, a handled update costs at most two
SQL queries (the live version's id and the handled-update record), whatever the update is.
The benchmark (README, "Performance") measures the same on PostgreSQL under load."""

import pytest

from advisor.texts import MAP_DEFAULTS
from advisor.versions import publish

pytestmark = pytest.mark.django_db
MAX_QUERIES_PER_UPDATE = 2
BACK, DONE, START_OVER = (MAP_DEFAULTS[key] for key in ("back", "done", "start_over"))
#: Answer presses before giving up on reaching a recommendation (the map is shallower).
LONGEST_WALK = 12


def labels(message: dict) -> list[str]:
    return [button["text"] for row in message["reply_markup"]["inline_keyboard"] for button in row]


class BudgetedChat:
    """A user's chat whose every update is posted under the query budget."""

    def __init__(self, webhook_post, botapi_server, assert_max_queries, user_id: int):
        self.post_update, self.api = webhook_post, botapi_server
        self.assert_max_queries = assert_max_queries
        self.chat = botapi_server.chat(user_id)

    def post(self, update: dict) -> None:
        with self.assert_max_queries(MAX_QUERIES_PER_UPDATE):
            response = self.post_update(update)
        assert response.status_code == 200

    def send(self, text: str) -> None:
        self.post(self.chat.message_update(text))

    def press(self, label: str) -> None:
        self.post(self.chat.press_update(label, self.api.keyboard_message(self.chat.chat_id)))

    def walk_to_a_recommendation(self, done: str = DONE) -> None:
        """Press each screen's first answer until the screen offers Done."""
        for _ in range(LONGEST_WALK):
            shown = labels(self.api.keyboard_message(self.chat.chat_id))
            if done in shown:
                return
            self.press(shown[0])
        raise AssertionError("no recommendation reached")


@pytest.fixture
def budgeted_chat(webhook_post, botapi_server, sklearn_map, django_assert_max_num_queries):
    """A chat with the map already cached (by a first /start, outside the budget)."""
    botapi_server.reset()
    chat = BudgetedChat(webhook_post, botapi_server, django_assert_max_num_queries, user_id=4242)
    assert webhook_post(chat.chat.message_update("/start")).status_code == 200
    return chat


def test_every_kind_of_update_stays_within_the_budget(budgeted_chat):
    budgeted_chat.send("/start")
    budgeted_chat.walk_to_a_recommendation()
    budgeted_chat.press(BACK)
    budgeted_chat.send("which one is best for images?")
    budgeted_chat.walk_to_a_recommendation()
    budgeted_chat.press(START_OVER)
    budgeted_chat.walk_to_a_recommendation()
    budgeted_chat.press(DONE)
    budgeted_chat.send("/cancel")
    budgeted_chat.send("/start")


def test_after_a_publish_one_update_reloads_the_map_then_the_budget_holds(
    budgeted_chat, botapi_server, sklearn_map
):
    start = sklearn_map.start_node
    start.text = "Do you have more than fifty samples?"
    start.save()
    publish(sklearn_map)
    response = budgeted_chat.post_update(budgeted_chat.chat.message_update("/start"))
    assert response.status_code == 200
    assert budgeted_chat.chat.last_message()["text"].endswith(start.text)
    budgeted_chat.send("/start")
    budgeted_chat.walk_to_a_recommendation()


def test_a_translated_walk_stays_within_the_budget(budgeted_chat):
    budgeted_chat.chat.user["language_code"] = "es"
    budgeted_chat.send("/start")
    assert budgeted_chat.chat.last_message()["text"].endswith("¿Tienes más de 50 muestras?")
    budgeted_chat.walk_to_a_recommendation(done="Listo")
    budgeted_chat.press("Atrás")
    budgeted_chat.send("¿cuál es mejor para imágenes?")
    budgeted_chat.send("/help")
    budgeted_chat.walk_to_a_recommendation(done="Listo")
    budgeted_chat.press("Listo")
    budgeted_chat.send("/cancel")
