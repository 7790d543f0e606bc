from django.core.management.base import BaseCommand, CommandError

from advisor.core import engine
from advisor.core.callbacks import decode
from advisor.core.engine import Audience
from advisor.core.markup import plain
from advisor.loading import current_bot_words, draft_graph, live_graph
from advisor.models import Map


class Command(BaseCommand):
    help = (
        "Walk a map in the terminal with numbered answers: the bot's own screens, with no "
        "token and no network: the live version, or with --draft the draft, so editors can try "
        "a change before publishing it."
    )
    requires_system_checks = []  # the bot's settings do not matter here

    def add_arguments(self, parser):
        parser.add_argument(
            "slug", nargs="?", help="The map's short name (default: the default map)."
        )
        parser.add_argument(
            "--draft", action="store_true", help="Walk the draft, not the live version."
        )
        parser.add_argument(
            "--language", default="", help="Talk as a user whose Telegram language is this (es…)."
        )

    def handle(self, *args, slug=None, draft=False, language="", **options):
        maps = (
            Map.objects.filter(slug=slug) if slug else Map.objects.order_by("-is_default", "title")
        )
        map_id = maps.values_list("id", flat=True).first()
        if map_id is None:
            raise CommandError(
                f"No map has the short name '{slug}'."
                if slug
                else "There is no map yet: create one in the admin or with importmap."
            )
        graph = draft_graph(map_id) if draft else live_graph(map_id)
        if graph is None:
            raise CommandError("This map is not live (never published, or offline): add --draft.")
        audience = Audience(language, current_bot_words().wording(language))
        screen = engine.start_screen(graph, audience=audience)
        while True:
            choices = [choice for row in screen.rows for choice in row if not choice.url]
            self.show(screen, choices)
            if not choices:
                return
            picked = self.ask(len(choices))
            if picked is None:
                return
            screen = engine.screen_for_action(graph, decode(choices[picked].data), audience)

    def show(self, screen: engine.Screen, choices: list[engine.Choice]) -> None:
        picture = "[a picture, with this as its caption]\n" if screen.picture else ""
        self.stdout.write(f"\n{picture}{plain(screen.text)}\n")
        for link in (choice for row in screen.rows for choice in row if choice.url):
            self.stdout.write(f"  ↗ {link.label}: {link.url}")
        for number, choice in enumerate(choices, 1):
            self.stdout.write(f"  {number}. {choice.label}")

    def ask(self, count: int) -> int | None:
        """The index of the answer typed (a number from 1), or None at q or end of input."""
        while True:
            try:
                answer = input(f"Your answer (1-{count}, q to quit): ").strip().lower()
            except EOFError:
                return None
            if answer in ("q", "quit"):
                return None
            if answer.isdigit() and 1 <= int(answer) <= count:
                return int(answer) - 1
            self.stdout.write(f"Type a number from 1 to {count}.")
