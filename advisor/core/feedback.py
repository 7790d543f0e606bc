"""What a recommendation offers besides its advice: "Was this helpful?" with 👍 Yes and
👎 No (a thanks once answered, and after a No the question of what the user was looking
for), and a Share button that passes it on with a link opening it. Pure, like the engine.
"""

from datetime import timedelta
from urllib.parse import urlencode

from advisor.core.callbacks import Go, Vote, encode, share_code
from advisor.core.graph import MapGraph, NodeView
from advisor.core.markup import escape, plain
from advisor.core.screens import Audience, Choice

#: How long after "👎 No" the answer is still taken as what the user was looking for.
REASON_WINDOW = timedelta(hours=1)


def deep_link(map_id: int, step_id: int, bot_username: str) -> str:
    """The Telegram link that opens one step of a map in the bot (ids stay across publishes)."""
    return f"https://t.me/{bot_username}?start={share_code(map_id, step_id)}"


def share_url(graph: MapGraph, node: NodeView, language: str, bot_username: str) -> str:
    """Telegram's share sheet for a step: its first line and the link that opens it."""
    link = deep_link(graph.id, node.id, bot_username)
    first_line = next((line for line in plain(node.text_in(language)).splitlines() if line), "")
    query = urlencode({"url": link, "text": first_line.strip()[:200]})
    return f"https://t.me/share/url?{query}"


def feedback_lines(
    graph: MapGraph, voted_go: Go, node: NodeView, audience: Audience, vote: Vote | None
) -> tuple[str, list[tuple[Choice, ...]], list[tuple[Choice, ...]]]:
    """Under a recommendation: the "Was this helpful?" line (a thanks once answered), the
    row of its buttons (the answer given ticked) and the row of the Share button, each a
    list of none or one. ``voted_go``: the recommendation's Go, short enough for a Vote."""
    if not node.is_recommendation:
        return "", [], []
    language = audience.language(graph)
    words, votes, share, line = graph.wording(language), [], [], ""
    if graph.asks_if_helpful:
        now = vote.helpful if vote else None
        line = f"\n\n{escape(words['vote_thanks' if vote else 'helpful'])}"
        votes.append(
            tuple(
                Choice(
                    ("✓ " if now is helpful else "") + words[key],
                    encode(Vote(voted_go, helpful, now)),
                )
                for helpful, key in ((True, "helpful_yes"), (False, "helpful_no"))
            )
        )
    if graph.offers_share and audience.bot_username:
        url = share_url(graph, node, language, audience.bot_username)
        share.append((Choice(words["share"], "", url),))
    return line, votes, share
