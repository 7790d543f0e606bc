"""The query budget: once a map's live version is cached, a handled update costs at most two
SQL queries (the live version's id and the handled-update record), whatever the update is,
votes and shared links included; a reply to the bot (perhaps what a user was looking for after
"👎 No") at most three. The benchmark (docs/performance.md) measures the same on
PostgreSQL under load."""

from urllib.parse import parse_qs, urlsplit

import pytest

from advisor.core.texts import MAP_DEFAULTS
from advisor.versions import publish
from botapp.models import Reason

pytestmark = pytest.mark.django_db
MAX_QUERIES_PER_UPDATE = 2
#: A reply to one of the bot's messages: a reason (kept and thanked) or the hint.
MAX_QUERIES_PER_REPLY = 3
BACK, DONE, START_OVER = (MAP_DEFAULTS[key] for key in ("back", "done", "start_over"))
YES, NO, SHARE = (MAP_DEFAULTS[key] for key in ("helpful_yes", "helpful_no", "share"))
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

    def post(self, update: dict, budget: int = MAX_QUERIES_PER_UPDATE) -> None:
        with self.assert_max_queries(budget):
            response = self.post_update(update)
        assert response.status_code == 200

    def send(self, text: str) -> None:
        self.post(self.chat.message_update(text))

    def reply(self, text: str) -> None:
        """Reply to the bot's newest message that asked for a reply, else to its last."""
        self.post(self.chat.message_update(text, self.chat.reply_target()), MAX_QUERIES_PER_REPLY)

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


def shared_start(api, chat_id: int) -> str:
    """The /start command of the Share button's link on the chat's recommendation."""
    buttons = [b for row in api.keyboard_message(chat_id)["reply_markup"]["inline_keyboard"]
               for b in row]  # fmt: skip
    sheet = parse_qs(urlsplit(next(b["url"] for b in buttons if b["text"] == SHARE)).query)
    return f"/start {parse_qs(urlsplit(sheet['url'][0]).query)['start'][0]}"


def test_votes_reasons_and_shared_links_stay_within_the_budget(
    budgeted_chat, botapi_server, settings
):
    settings.TELEGRAM_BOT_USERNAME = "sklearn_advisor_bot"
    budgeted_chat.walk_to_a_recommendation()
    budgeted_chat.press(YES)
    budgeted_chat.press(NO)  # a change of vote, then the question in a message of its own
    assert budgeted_chat.chat.asked_for_reply()
    budgeted_chat.reply("something for time series")
    assert Reason.objects.count() == 1
    budgeted_chat.reply("and another thing")  # no longer right after the vote: the hint
    budgeted_chat.press(START_OVER)
    budgeted_chat.reply("an answer to the old question")  # walked on since: the hint
    assert Reason.objects.count() == 1
    budgeted_chat.walk_to_a_recommendation()
    friend = BudgetedChat(
        budgeted_chat.post_update, botapi_server, budgeted_chat.assert_max_queries, 4343
    )
    friend.send(shared_start(botapi_server, budgeted_chat.chat.chat_id))
    assert YES in labels(botapi_server.keyboard_message(friend.chat.chat_id))
    friend.press(NO)
    friend.reply("a friend's reason")
    assert Reason.objects.count() == 2


#: A message during a conversation with the team, and a team member's reply (botapp.handoff).
MAX_QUERIES_PER_RELAYED_MESSAGE = 3


def test_a_conversation_with_the_team_stays_within_its_budget(budgeted_chat, botapi_server):
    from botapi_standin import incoming
    from botapp.handoff import connecting
    from botapp.handoff.models import OutboxMessage, UserTopic

    group = botapi_server.supergroup()
    grace = group.add_member(8001, "Grace")
    code = connecting.make_code(None).code
    budgeted_chat.post_update(group.message_update(group.owner, f"/connect {code}"))
    budgeted_chat.post_update(budgeted_chat.chat.message_update("/person"))
    topic = UserTopic.objects.get()
    topic.thread_id = group.open_topic("Ada · Estimators").thread_id  # as the worker does
    topic.save()
    budgeted_chat.post(budgeted_chat.chat.message_update("my data is sparse"), 3)
    budgeted_chat.post(budgeted_chat.chat.content_update(incoming.photo(botapi_server)), 3)
    assert OutboxMessage.objects.filter(kind="copy").count() == 2
    for words in ("Try LinearSVC", "or SGDClassifier"):  # the first answer, then another
        reply = group.message_update(grace, words, topic.thread_id)
        budgeted_chat.post(reply, MAX_QUERIES_PER_RELAYED_MESSAGE)
    assert budgeted_chat.chat.last_message()["text"] == "or SGDClassifier"
    budgeted_chat.send("/start")  # the map's buttons keep their budget meanwhile
    budgeted_chat.walk_to_a_recommendation()
    assert OutboxMessage.objects.filter(kind="copy").count() == 4
