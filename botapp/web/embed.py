"""/embed.js, the loader a host page includes to show a map's web chat in a bubble: a plain
file (botapp/web/embed.js, no build step), served at the site's root."""

from pathlib import Path

from django.http import HttpResponse
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe

SCRIPT = (Path(__file__).parent / "embed.js").read_bytes()
#: Not versioned by name (host pages keep its address), so browsers check it hourly.
MAX_AGE = 3600


@require_safe
@gzip_page  # 1.3 KB sent instead of 2.9 (the site has no GZipMiddleware)
def embed_script(request) -> HttpResponse:
    response = HttpResponse(SCRIPT, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response["X-Content-Type-Options"] = "nosniff"
    return response
