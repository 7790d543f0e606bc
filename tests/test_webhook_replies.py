"""botapp.chat.replies on its own: which calls an update's handling holds for the webhook's
answer."""

import asyncio
import json

from telegram import Bot

from botapi_standin.server import TOKEN
from botapp.chat.replies import ReplyingRequest, WebhookReply, collect_into


def run_with_reply(botapi_server, calls, *, handlers_returned: bool = False) -> WebhookReply:
    """Run ``calls(bot)`` as an update's handling under the webhook (or, with
    ``handlers_returned``, as a task left running after it); the reply it left."""
    botapi_server.reset()

    async def handle():
        reply = WebhookReply()
        async with Bot(TOKEN, base_url=botapi_server.base_url, request=ReplyingRequest()) as bot:
            collect_into(reply)
            if handlers_returned:
                reply.close()  # as the runtime does once the update's handlers have returned
            await calls(bot)
        return reply

    return asyncio.run(handle())


async def two_messages(bot):
    await bot.send_message(7001, "first")
    await bot.send_message(7001, "second")


def test_a_second_message_sends_the_held_one_first(botapi_server):
    reply = run_with_reply(botapi_server, two_messages)
    assert [call["text"] for call in botapi_server.calls_of("sendMessage")] == ["first"]
    second = {"method": "sendMessage", "chat_id": 7001, "text": "second"}
    assert json.loads(reply.response().content) == second


def test_a_task_left_running_after_the_handling_sends_its_messages_itself(botapi_server):
    reply = run_with_reply(botapi_server, two_messages, handlers_returned=True)
    assert [call["text"] for call in botapi_server.calls_of("sendMessage")] == ["first", "second"]
    assert reply.response() is None


def test_other_calls_are_made_at_once_and_nothing_is_held(botapi_server):
    async def answer_only(bot):
        await bot.answer_callback_query("42", text="noted")

    reply = run_with_reply(botapi_server, answer_only)
    assert botapi_server.calls_of("answerCallbackQuery") == [
        {"callback_query_id": "42", "text": "noted"}
    ]
    assert reply.response() is None
