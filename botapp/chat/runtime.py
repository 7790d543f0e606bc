"""One python-telegram-bot Application per process, on one long-lived event loop thread.

gunicorn's sync workers call ``process_update`` from the request thread. The update is
handled on the loop thread (so the Application and its HTTP connection pool are built once
and reused), while the handlers' database work is sent back to the waiting request thread,
where Django manages the connection as for any request (see docs/bot.md, "How the bot runs").
"""

import asyncio
import atexit
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from contextvars import ContextVar

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import close_old_connections
from telegram import Update
from telegram.ext import Application

from botapp.chat.replies import ReplyingRequest, WebhookReply, collect_into
from botapp.chat.settings import bot_token

#: Longest a request waits for one update to be handled, Bot API calls included (seconds).
UPDATE_DEADLINE = 20.0
#: Each Bot API call gives up after this many seconds.
BOT_API_TIMEOUT = 5.0


def build_application(
    add_handlers: Callable[[Application], None], **builder_options
) -> Application:
    """The bot's Application, given its handlers by ``add_handlers``, talking to
    ``TELEGRAM_API_BASE_URL``."""
    builder = (
        Application.builder()
        .token(bot_token())
        .base_url(settings.TELEGRAM_API_BASE_URL)
        .request(
            ReplyingRequest(
                connect_timeout=BOT_API_TIMEOUT,
                read_timeout=BOT_API_TIMEOUT,
                write_timeout=BOT_API_TIMEOUT,
                pool_timeout=BOT_API_TIMEOUT,
            )
        )
    )
    for option, value in builder_options.items():
        builder = getattr(builder, option)(value)
    application = builder.build()
    add_handlers(application)
    return application


class InvalidUpdate(ValueError):
    """The data is not a Telegram update."""


class RequestThreadWork:
    """Work items (database calls) that the handlers hand back to the waiting request thread."""

    def __init__(self):
        self._items = queue.SimpleQueue()

    def submit(self, function, *args) -> Future:
        future = Future()
        self._items.put((future, function, args))
        return future

    def serve_until(self, done: Future, deadline: float) -> None:
        """Run submitted work here until ``done`` completes; TimeoutError past the deadline."""
        done.add_done_callback(lambda _: self._items.put(None))
        while not done.done():
            try:
                item = self._items.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                done.cancel()
                raise TimeoutError("the update was not handled in time") from None
            if item is None:
                continue
            future, function, args = item
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(function(*args))
                except BaseException as exc:  # handed to the awaiting handler
                    future.set_exception(exc)


_request_work: ContextVar[RequestThreadWork | None] = ContextVar("request_work", default=None)


class HandlerErrors(list):
    """The errors of one update's handlers, which ``process_update`` raises while it waits."""

    waiting = True


_handler_errors: ContextVar[HandlerErrors | None] = ContextVar("handler_errors", default=None)


def _with_fresh_connection(function):
    def run(*args):
        close_old_connections()
        try:
            return function(*args)
        finally:
            close_old_connections()

    return run


async def run_sync(function, *args):
    """Run blocking (database) code for a handler: in the request thread under the webhook,
    or in asgiref's thread under ``runbot``'s polling loop."""
    work = _request_work.get()
    if work is None:
        return await sync_to_async(_with_fresh_connection(function))(*args)
    return await asyncio.wrap_future(work.submit(function, *args))


def record_handler_error(error: BaseException) -> bool:
    """Hand a handler's error to the ``process_update`` waiting for it, which raises it;
    False when none waits (under ``runbot``, or a task left running after the update)."""
    errors = _handler_errors.get()
    if errors is None or not errors.waiting:
        return False
    errors.append(error)
    return True


class BotRuntime:
    """The Application and the thread running its event loop."""

    def __init__(self, application: Application):
        self.application = application
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="bot-loop", daemon=True)
        self._thread.start()
        try:
            self._run(self._start(), time.monotonic() + UPDATE_DEADLINE)
        except BaseException:
            self.loop.call_soon_threadsafe(self.loop.stop)
            raise
        atexit.register(self.close)

    def _run(self, coroutine, deadline: float, work: RequestThreadWork | None = None):
        future = asyncio.run_coroutine_threadsafe(coroutine, self.loop)
        (work or RequestThreadWork()).serve_until(future, deadline)
        return future.result()

    def parse_update(self, data: dict) -> Update:
        """The update in Bot API JSON; InvalidUpdate for anything else."""
        try:
            update = Update.de_json(data, self.application.bot)
        except Exception as exc:  # malformed input fails in many ways inside de_json
            raise InvalidUpdate(f"not a Telegram update: {exc!r}") from None
        if update is None or not isinstance(update.update_id, int):
            raise InvalidUpdate("not a Telegram update: no update_id")
        return update

    def process_update(self, update: Update, reply: WebhookReply) -> None:
        """Handle one update and return when it is done, its message held in ``reply``.

        Raises TimeoutError past ``UPDATE_DEADLINE``, and the first error a handler raised.
        """
        work = RequestThreadWork()
        errors = HandlerErrors()
        processing = self._process(update, work, errors, reply)
        try:
            self._run(processing, time.monotonic() + UPDATE_DEADLINE, work)
        finally:
            errors.waiting = False
        if errors:
            raise errors[0]

    async def _process(self, update, work: RequestThreadWork, errors: HandlerErrors, reply) -> None:
        _request_work.set(work)
        _handler_errors.set(errors)
        collect_into(reply)
        try:
            await self.application.process_update(update)
        finally:
            reply.close()

    async def _start(self) -> None:
        await self.application.initialize()
        await self.application.start()  # a running Application finishes handlers' side tasks

    async def _stop(self) -> None:
        await self.application.stop()  # waits for those tasks
        await self.application.shutdown()

    def close(self) -> None:
        if self.loop.is_running():
            asyncio.run_coroutine_threadsafe(self._stop(), self.loop).result(BOT_API_TIMEOUT + 1)
            self.loop.call_soon_threadsafe(self.loop.stop)


_runtime: BotRuntime | None = None
_runtime_lock = threading.Lock()


def get_runtime(add_handlers: Callable[[Application], None]) -> BotRuntime:
    """This process's BotRuntime, built at first use (after gunicorn has forked) with the
    handlers ``add_handlers`` gives it."""
    global _runtime
    bot_token()  # a token removed from the settings stops the bot, built or not
    with _runtime_lock:
        if _runtime is None:
            _runtime = BotRuntime(build_application(add_handlers, updater=None))
        return _runtime
