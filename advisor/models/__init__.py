"""The decision maps (map, step, answer button, languages, bot texts) and their records
(published versions, History), and the steps' pictures."""

from advisor.models.languages import BotTexts, MapLanguage
from advisor.models.maps import (
    EMPTY_LABEL_MESSAGE,
    EMPTY_TEXT_MESSAGE,
    LABEL_TOO_LONG_MESSAGE,
    TEXT_TOO_LONG_MESSAGE,
    Button,
    Map,
    Node,
)
from advisor.models.pictures import Picture
from advisor.models.records import HistoryEntry, MapVersion

__all__ = [
    "EMPTY_LABEL_MESSAGE",
    "EMPTY_TEXT_MESSAGE",
    "LABEL_TOO_LONG_MESSAGE",
    "TEXT_TOO_LONG_MESSAGE",
    "BotTexts",
    "Button",
    "HistoryEntry",
    "Map",
    "MapLanguage",
    "MapVersion",
    "Node",
    "Picture",
]
