"""One map's measures for ``python -m bench.outline``, in this fresh process: the map's
page (first view, then cached), unfolding a folded branch, a search, one reword saved
through the outline. Prints them as JSON on its last line."""

import json
import os
import re
import resource
import sys
import time


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(client, method: str, url: str, **data) -> tuple[float, object]:
    started = time.perf_counter()
    response = getattr(client, method)(url, data, HTTP_HX_REQUEST="true")
    seconds = time.perf_counter() - started
    if response.status_code != 200:
        raise RuntimeError(f"{method.upper()} {url}: {response.status_code}")
    return seconds, response


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.test import Client

    from advisor.models import Map
    from tests.forms import form_data

    map_obj = Map.objects.get(slug=sys.argv[1])
    user = User.objects.filter(username="bench").first()
    user = user or User.objects.create_superuser("bench", password="bench-outline-1")
    client = Client()
    client.force_login(user)
    page = f"/admin/advisor/map/{map_obj.pk}/change/"
    rows = []

    def row(measured: str, seconds: float, response, notes: str = "") -> None:
        kb = len(response.content) / 1024
        rows.append(
            {
                "measured": measured,
                "seconds": seconds,
                "peak_mb": peak_mb(),
                "kb": kb,
                "notes": notes,
            }
        )

    seconds, response = timed(client, "get", page)
    html = response.content.decode()
    shown = len(re.findall(r'<li class="outline-step ', html))
    row("page, first view", seconds, response, f"{shown} steps shown")
    seconds, response = timed(client, "get", page)
    row("page, cached", seconds, response)
    folded = re.search(r'hx-get="(/admin/advisor/map/\d+/outline/\d+/)"', html)
    if folded:
        seconds, response = timed(client, "get", folded.group(1))
        opened = len(re.findall(r'<li class="outline-step ', response.content.decode()))
        row("unfold a branch", seconds, response, f"{opened} steps shown")
    search = f"/admin/advisor/map/{map_obj.pk}/outline/search/"
    seconds, response = timed(client, "get", search, q="estimator 5")
    found = len(re.findall(r'data-outline="reveal"', response.content.decode()))
    row("search", seconds, response, f"“estimator 5”: {found} found")
    start = map_obj.start_node_id
    edit = f"/admin/advisor/map/{map_obj.pk}/outline/{start}/edit/"
    form = form_data(client.get(edit, HTTP_HX_REQUEST="true").content.decode())
    seconds, response = timed(
        client, "post", edit, **{**form, "text": form["text"] + " (reworded)"}
    )
    row("reword, saved", seconds, response, "the request and its redrawn outline")
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
