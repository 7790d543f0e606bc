"""One map's measures for ``python -m bench.outline``, in this fresh process: the map's
page (first view, then cached), unfolding a folded branch, a search, one reword saved
through the outline, the page again after it. Prints them as JSON on its last line.

Each measure is the seconds Django takes to answer (the page is not streamed: its first
byte leaves with the last)."""

import json
import os
import re
import resource
import sys
import time


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(client, method: str, url: str, **data) -> tuple[tuple[float, float], object]:
    """The seconds a request took, and the CPU seconds of this process meanwhile (on a busy
    machine, what it would take on an idle one, less the database's share); its response."""
    started, cpu = time.perf_counter(), time.process_time()
    response = getattr(client, method)(url, data, HTTP_HX_REQUEST="true")
    seconds = (time.perf_counter() - started, time.process_time() - cpu)
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

    def row(measured: str, seconds: tuple[float, float], response, notes: str = "") -> None:
        kb = len(response.content) / 1024
        rows.append(
            {
                "measured": measured,
                "seconds": seconds[0],
                "cpu_seconds": seconds[1],
                "peak_mb": peak_mb(),
                "kb": kb,
                "notes": notes,
            }
        )

    seconds, response = timed(client, "get", page)
    html = response.content.decode()
    shown = len(re.findall(r'<li class="outline-step ', html))
    drawn = ", diagram drawn" if 'class="map-diagram"' in html else ""
    row("page, first view", seconds, response, f"{shown} steps shown{drawn}")
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
    seconds, response = timed(client, "get", page)
    row("page, reworded", seconds, response, "the new draft's first view")
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
