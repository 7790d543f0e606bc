"""gunicorn settings for the benchmark only (passed through GUNICORN_CMD_ARGS, so the
Procfile's command line runs unchanged): measure each request's database and Bot API work
and tell the driver in response headers. Nothing here is imported by the project.

- ``X-Bench-Sql``: queries Django runs (what pytest-django's query assertions count),
  through ``connection.execute_wrapper``.
- ``X-Bench-Pg``: round trips to PostgreSQL: every statement a psycopg2 cursor executes
  (a connection health check's ``SELECT 1`` too, were it on), plus BEGIN and COMMIT (or
  ROLLBACK) for each transaction psycopg2 opened.
- ``X-Bench-Db-Us``, ``X-Bench-Botapi-Us``, ``X-Bench-App-Us``: microseconds spent waiting on
  PostgreSQL, in python-telegram-bot's Bot API requests that ended during the request (the
  worker's loop thread makes some after the answer), and in the WSGI application.
- ``X-Bench-Worker``: the worker's pid.
"""

import os
import time

# A sync worker handles one request at a time, so per-process totals suffice.
_totals = {"sql": 0, "pg": 0, "db_s": 0.0, "botapi_s": 0.0}


def _count_sql(execute, sql, params, many, context):
    _totals["sql"] += 1
    return execute(sql, params, many, context)


def _timed(function, counter: str, round_trips=lambda *args: 1):
    """``function`` that adds its round trips and its wall time to the totals."""

    def run(*args):
        _totals["pg"] += round_trips(*args)
        started = time.perf_counter()
        try:
            return function(*args)
        finally:
            _totals[counter] += time.perf_counter() - started

    return run


def _counting_cursor_class():
    import psycopg2.extensions

    class CountingCursor(psycopg2.extensions.cursor):
        execute = _timed(psycopg2.extensions.cursor.execute, "db_s")
        executemany = _timed(psycopg2.extensions.cursor.executemany, "db_s")

    return CountingCursor


def _count_transactions(wrapper) -> None:
    """Count BEGIN + COMMIT (or ROLLBACK) for each transaction psycopg2 really opened."""
    import psycopg2.extensions

    def opened() -> int:
        raw = wrapper.connection
        return 2 if raw is not None and raw.status == psycopg2.extensions.STATUS_BEGIN else 0

    wrapper._commit = _timed(wrapper._commit, "db_s", opened)
    wrapper._rollback = _timed(wrapper._rollback, "db_s", opened)


def _time_bot_api_requests() -> None:
    from telegram.request import HTTPXRequest

    do_request = HTTPXRequest.do_request

    async def timed_do_request(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return await do_request(self, *args, **kwargs)
        finally:
            _totals["botapi_s"] += time.perf_counter() - started

    HTTPXRequest.do_request = timed_do_request


def post_worker_init(worker):
    """Wrap this worker's WSGI application once it is loaded (after the fork)."""
    from django.db import connection, connections
    from django.db.backends.signals import connection_created

    if connection.vendor != "postgresql":
        raise RuntimeError("the benchmark runs on PostgreSQL (DATABASE_URL)")
    cursor_class = _counting_cursor_class()

    def on_connection_created(sender, connection, **kwargs):
        connection.connection.cursor_factory = cursor_class

    connection_created.connect(on_connection_created, weak=False)
    _count_transactions(connections["default"])  # the request thread's (this thread's)
    _time_bot_api_requests()
    application = worker.wsgi
    pid = str(os.getpid())

    def measured_application(environ, start_response):
        before = dict(_totals)
        entered = time.perf_counter()

        def start_with_measures(status, headers, exc_info=None):
            spent = {name: _totals[name] - before[name] for name in _totals}
            headers = [
                *headers,
                ("X-Bench-Sql", str(spent["sql"])),
                ("X-Bench-Pg", str(spent["pg"])),
                ("X-Bench-Db-Us", str(round(spent["db_s"] * 1e6))),
                ("X-Bench-Botapi-Us", str(round(spent["botapi_s"] * 1e6))),
                ("X-Bench-App-Us", str(round((time.perf_counter() - entered) * 1e6))),
                ("X-Bench-Worker", pid),
            ]
            return start_response(status, headers, exc_info)

        with connection.execute_wrapper(_count_sql):
            return application(environ, start_with_measures)

    worker.wsgi = measured_application
