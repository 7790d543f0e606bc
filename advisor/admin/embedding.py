"""The map's web chat on other sites: the one-line snippet that adds a chat bubble, and the
plain frame instead, as the map's page shows them to copy (this site's address taken from
the request, the map's short name escaped)."""

from django.urls import reverse
from django.utils.html import escape

from advisor.models import Map


def embed_context(map_obj: Map, request) -> dict:
    """The snippet and the frame that show ``map_obj``'s web chat on another site."""
    origin = request.build_absolute_uri("/").rstrip("/")
    chat = origin + reverse("web-chat", args=[map_obj.slug])
    slug, title = escape(map_obj.slug), escape(map_obj.title)
    return {
        "embed_script": f'<script src="{origin}/embed.js" data-map="{slug}" async></script>',
        "embed_frame": (
            f'<iframe src="{escape(chat)}" title="{title}" width="400" height="600" '
            'loading="lazy"></iframe>'
        ),
        "embed_chat_url": chat,
        "embed_origins": map_obj.embed_origins,
    }
