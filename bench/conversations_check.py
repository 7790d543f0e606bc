"""What bench.conversations checks and prints: each message delivered once and in order per
user (from the stand-in's record of the copies), the statements and latency per kind of
update (from the webhook's answers, bench/gunicorn_hooks.py), and the 429s honoured."""

from bench.table import percentile

#: A user's message and a team member's reply: at most this many statements each.
TARGET_STATEMENTS = 3
KINDS = ("/person", "user message", "team reply")
#: The calls that post a message into the group (the limit counts them).
SENDS = {"sendMessage", "copyMessage", "copyMessages"}


def delivery(copies: list[dict], expected: list[int], chat_id: int, thread_id: int) -> dict:
    """How the copies of ``expected`` (source message ids, in order) reached the chat (and
    topic): missing, duplicated, in order, each in the right place."""
    got = [copy["from_message_id"] for copy in copies]
    return {
        "missing": len(set(expected) - set(got)),
        "duplicated": len(got) - len(set(got)),
        "unexpected": len(set(got) - set(expected)),
        "in_order": got == expected,
        "misplaced": sum(
            (copy["chat_id"], copy["message_thread_id"] or 0) != (chat_id, thread_id)
            for copy in copies
        ),
    }


def rate_limits(group_calls: list[tuple]) -> dict:
    """The 429s answered, and those honoured: the next call to the same group and topic came
    no sooner than ``retry_after`` seconds later."""
    answered = honoured = 0
    for index, (at, chat_id, thread_id, _method, status, retry_after) in enumerate(group_calls):
        if status != 429:
            continue
        answered += 1
        later = (c[0] for c in group_calls[index + 1 :] if c[1:3] == (chat_id, thread_id))
        next_at = next(later, None)
        honoured += next_at is not None and next_at - at >= retry_after - 0.001
    return {"answered": answered, "honoured": honoured}


def busiest_minute(times: list[float], minute_s: float) -> int:
    """The most of these times (sorted) within any one minute of the stand-in."""
    most, first = 0, 0
    for last, at in enumerate(times):
        while at - times[first] >= minute_s:
            first += 1
        most = max(most, last - first + 1)
    return most


def check(standin, group_id, users, sent, records, minute_s: float) -> dict:
    per_user, waits = [], []
    cards = {}
    for _at, _chat_id, thread_id, method, status, _retry in standin.group_calls:
        if method == "sendMessage" and status == 200 and thread_id:
            cards[thread_id] = cards.get(thread_id, 0) + 1
    for user, said in zip(users, sent, strict=True):
        chat_id = user.chat_id
        into_topic = [c for c in standin.copies if c["from_chat_id"] == chat_id]
        to_user = [
            c for c in standin.copies if (c["from_chat_id"], c["chat_id"]) == (group_id, chat_id)
        ]
        expected = [message_id for message_id, _ in said["user"]]
        user_side = delivery(into_topic, expected, group_id, said["thread_id"])
        team_side = delivery(to_user, said["team"], chat_id, 0)
        per_user.append((user_side, team_side, cards.get(said["thread_id"], 0)))
        arrived = {c["from_message_id"]: c["at"] for c in into_topic}
        waits += [arrived[m] - t for m, t in said["user"] if m in arrived]
    once_in_order = [
        all(side["in_order"] and not side["misplaced"] for side in sides[:2]) and sides[2] == 1
        for sides in per_user
    ]
    kinds = {}
    for kind in KINDS:
        mine = [r for r in records if r["kind"] == kind]
        kinds[kind] = {
            "updates": len(mine),
            "sql_p50": percentile([r["sql"] for r in mine], 50),
            "sql_max": max((r["sql"] for r in mine), default=-1),
            "pg_p50": percentile([r["pg"] for r in mine], 50),
            "pg_max": max((r["pg"] for r in mine), default=-1),
            "ms_p50": percentile([r["ms"] for r in mine], 50),
            "ms_p95": percentile([r["ms"] for r in mine], 95),
        }
    limits = rate_limits(standin.group_calls)
    into_group = [c[0] for c in standin.group_calls if c[3] in SENDS and c[4] == 200]
    statements_met = all(
        0 <= kinds[kind]["sql_max"] <= TARGET_STATEMENTS for kind in ("user message", "team reply")
    )
    facts = {
        "users_once_in_order": sum(once_in_order),
        "missing": sum(s[0]["missing"] + s[1]["missing"] for s in per_user),
        "duplicated": sum(s[0]["duplicated"] + s[1]["duplicated"] for s in per_user),
        "misplaced": sum(s[0]["misplaced"] + s[1]["misplaced"] for s in per_user),
        "cards": sum(s[2] for s in per_user),
        "user_to_topic_s_p50": percentile(waits, 50),
        "user_to_topic_s_p95": percentile(waits, 95),
        "kinds": kinds,
        "group_messages": len(into_group),
        "group_span_s": max(into_group) - min(into_group) if into_group else 0.0,
        "group_busiest_minute": busiest_minute(into_group, minute_s),
        "rate_limited": limits["answered"],
        "rate_limits_honoured": limits["honoured"],
        "non_200": sum(r["status"] != 200 for r in records),
        "statements_met": statements_met,
    }
    facts["all_met"] = (
        facts["users_once_in_order"] == len(users)
        and statements_met
        and limits["answered"] == limits["honoured"]
        and not facts["non_200"]
    )
    return facts


def report(facts: dict) -> str:
    yes = {True: "yes", False: "NO"}
    lines = [
        f"{facts['users']} users × {facts['messages_per_user']} messages, and as many team "
        f"replies; gunicorn {facts['workers']} workers, the Procfile's worker; the group's "
        f"limit 20 a minute with the stand-in's minute lasting {facts['minute_seconds']:g} s "
        f"(retry_after scaled alike)",
        f"load average before {facts['load_before'][0]:.2f}, after {facts['load_after'][0]:.2f}",
        "",
        f"every message delivered once, in order per user: "
        f"{yes[facts['users_once_in_order'] == facts['users']]} "
        f"({facts['users_once_in_order']}/{facts['users']} users; missing {facts['missing']}, "
        f"duplicated {facts['duplicated']}, misplaced {facts['misplaced']}; "
        f"{facts['cards']} cards, one per topic)",
        f"outbox at the end: {facts['outbox']}",
        f"into the group: {facts['group_messages']} messages in {facts['group_span_s']:.1f} s, "
        f"at most {facts['group_busiest_minute']} in any stand-in minute (its limit: 20)",
        f"429s answered {facts['rate_limited']}, honoured {facts['rate_limits_honoured']} "
        "(the next call into that topic no sooner than retry_after)",
        f"{facts['users']} /person and first messages, until every topic was open: "
        f"{facts['asking_s']:.1f} s",
        f"then the replies and other messages: {facts['updates_per_s']:.0f} updates/s "
        f"({facts['updates_measured']} in {facts['webhook_s']:.1f} s, the worker sending "
        f"meanwhile); answers other than 200: {facts['non_200']}",
        f"a user's message reached its topic after p50 {facts['user_to_topic_s_p50']:.1f} s, "
        f"p95 {facts['user_to_topic_s_p95']:.1f} s (the group's limit)",
        f"outbox drained {facts['drain_s']:.1f} s after the last update; "
        f"total {facts['total_s']:.1f} s",
        "",
        f"{'update':<14}{'count':>7}{'SQL p50 (max)':>16}{'PG trips p50 (max)':>21}"
        f"{'POST ms p50 / p95':>20}  target",
    ]
    for kind, row in facts["kinds"].items():
        target = "" if kind == "/person" else f"<= {TARGET_STATEMENTS}"
        if target:
            target += " met" if row["sql_max"] <= TARGET_STATEMENTS else " MISSED"
        lines.append(
            f"{kind:<14}{row['updates']:>7}{row['sql_p50']:>10.0f} ({row['sql_max']})"
            f"{row['pg_p50']:>15.0f} ({row['pg_max']}){row['ms_p50']:>12.1f} / "
            f"{row['ms_p95']:.1f}  {target}"
        )
    lines.append(f"\nall met: {yes[facts['all_met']]}")
    return "\n".join(lines)
