"""A map's own page as editorial actions: creating a map, and saving its settings (title,
first question, greeting, who sees it, its own words, its translations)."""

from advisor.actions.base import CHANGE
from advisor.actions.pages import PageSave
from advisor.history import Action
from advisor.models import Map


class CreateMap(PageSave):
    """A new map, from the map's page."""

    permission = "advisor.add_map"
    refusal = "Only Map editors can create maps"

    def perform(self) -> Map:
        self.map = self.written()
        self.record(Action.ADDED, f"Created the map “{self.map}”")
        return self.map


class SaveMapSettings(PageSave):
    """The map's page saved: its fields and its translations."""

    permission = CHANGE
    refusal = "Only Map editors can change maps"

    def perform(self) -> Map:
        map_obj = self.written()
        if what := self.changes():
            self.record(Action.CHANGED, f"Changed the map's page: {what}")
        return map_obj
