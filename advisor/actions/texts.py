"""Actions on words: translations of a map (draft) and the bot texts (live at once, so they
need the publish right)."""

from advisor.actions.base import PUBLISH, EditorialAction, Refused
from advisor.bottexts import save_bot_texts
from advisor.history import Action
from advisor.translating import save_translations


def texts(count: int) -> str:
    return f"{count} text{'' if count == 1 else 's'}"


class SaveTranslations(EditorialAction):
    """Translations into one language onto the draft; only the fields given change."""

    refusal = "Only Map editors can translate maps"

    def __init__(
        self, map_obj, code: str, name: str, values: dict, *, confirmed=(), seen=None, **who
    ):
        super().__init__(map_obj, **who)
        self.code, self.name, self.values = code, name, values
        self.confirmed, self.seen = frozenset(confirmed), seen or {}

    def perform(self) -> None:
        save_translations(self.map, self.code, self.values, self.confirmed, self.seen)
        count = len(set(self.values) | self.confirmed)
        self.record(Action.TRANSLATED, f"Translated {texts(count)} into {self.name} ({self.code})")


class SaveBotTexts(EditorialAction):
    """Some bot-wide texts of one language ("" the default); users see them at once."""

    permission = PUBLISH
    refusal = "Only Map publishers can change the bot texts: users see them at once"
    edits_draft = False  # they belong to no map

    def __init__(self, language: str, name: str, values: dict, **who):
        super().__init__(None, **who)
        self.language, self.name, self.values = language, name, values

    def check(self) -> None:
        if not (self.may(PUBLISH) and self.may("advisor.change_bottexts")):
            raise Refused(self.refusal, PUBLISH)

    def perform(self) -> bool:
        changed = save_bot_texts(self.language, self.values)
        if changed:
            which = f" ({self.name})" if self.language else ""
            self.record(
                Action.BOT_TEXTS, f"Changed {texts(len(self.values))} of the bot texts{which}"
            )
        return changed
