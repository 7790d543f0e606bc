"""Editorial actions: each change of a map, checked and put on the map's History alike from
the admin, the commands and code (advisor.actions.base)."""

from advisor.actions.archiving import Archive, DeleteForGood, Unarchive
from advisor.actions.base import CHANGE, DELETE, PUBLISH, Refused, people_who_may
from advisor.actions.drafting import DiscardAll, DiscardOne, ImportMapFile, RestoreAsDraft
from advisor.actions.mapsettings import CreateMap, SaveMapSettings
from advisor.actions.publishing import PruneVersions, Publish, RestoreAndPublish
from advisor.actions.steps import AddStep, SaveStep
from advisor.actions.texts import SaveBotTexts, SaveTranslations

__all__ = [
    "CHANGE",
    "DELETE",
    "PUBLISH",
    "AddStep",
    "Archive",
    "CreateMap",
    "DeleteForGood",
    "DiscardAll",
    "DiscardOne",
    "ImportMapFile",
    "Publish",
    "PruneVersions",
    "Refused",
    "RestoreAndPublish",
    "RestoreAsDraft",
    "SaveBotTexts",
    "SaveMapSettings",
    "SaveStep",
    "SaveTranslations",
    "Unarchive",
    "people_who_may",
]
