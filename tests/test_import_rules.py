"""The layers' import rules (docs/architecture.md), read from the code: the core
(advisor/core/) imports no Django and nothing of the project outside itself, and advisor/
never imports the Telegram side (botapp, python-telegram-bot) or the project's settings."""

import ast
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
ADVISOR = PROJECT / "advisor"
CORE = ADVISOR / "core"
#: What advisor/ never imports: the bot's side and the project's settings.
NOT_IN_ADVISOR = {"telegram", "botapp", "config"}
#: What the core never imports besides, outside itself.
NOT_IN_CORE = NOT_IN_ADVISOR | {"django", "advisor"}


def imported(path: Path) -> list[tuple[int, str]]:
    """Each module a file imports (relative imports resolved), with its line."""
    package = list(path.relative_to(PROJECT).parent.parts)
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found += [(node.lineno, f"{module}.{alias.name}".lstrip(".")) for alias in node.names]
    return found


def violations(root: Path, forbidden: set[str], allowed: str | tuple[str, ...] = ()) -> list[str]:
    """Every import under root of a forbidden package (one inside ``allowed`` is fine)."""
    allowed = (allowed,) if isinstance(allowed, str) else allowed
    return [
        f"{path.relative_to(PROJECT)}:{line} imports {module}"
        for path in sorted(root.rglob("*.py"))
        for line, module in imported(path)
        if module.split(".")[0] in forbidden
        and not any(module == each or module.startswith(f"{each}.") for each in allowed)
    ]


def test_the_core_imports_no_django_and_nothing_outside_itself():
    assert violations(CORE, NOT_IN_CORE, allowed="advisor.core") == []


def test_advisor_never_imports_the_telegram_side_or_the_settings():
    assert violations(ADVISOR, NOT_IN_ADVISOR) == []


def test_importing_every_core_module_loads_nothing_outside_the_core():
    modules = ", ".join(f"advisor.core.{path.stem}" for path in sorted(CORE.glob("*.py")))
    others = sorted(NOT_IN_CORE - {"advisor"})
    code = (
        f"import sys; import {modules}; print(sorted(m for m in sys.modules"
        f" if m.split('.')[0] in {others} or m.startswith('advisor.')"
        " and not m.startswith('advisor.core')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, check=True
    )
    assert loaded.stdout.strip() == "[]"


#: What botapp/web/ may import of botapp besides itself, none of it Telegram's: the records it
#: writes (votes, reasons and page views: botapp.models, inserted as the bot's are by
#: botapp.recording) and the client address its rate limit counts by, the admin lockouts'
#: rules (botapp.client_address).
WEB_MAY_IMPORT = ("botapp.models", "botapp.recording", "botapp.client_address")


def test_the_web_chat_imports_nothing_of_telegram_nor_of_the_bots_packages():
    """botapp/web/ is an adapter beside botapp/chat/ (docs/web.md): the same advisor, no
    python-telegram-bot, nothing of the Telegram adapter or of conversations with the team.
    It writes the users' records (botapp.models: its page views are analytics rows like the
    bot's), which import nothing of Telegram."""
    web = PROJECT / "botapp" / "web"
    found = violations(web, {"telegram", "botapp"}, allowed="botapp.web")
    modules = [(line, line.split(" imports ")[1] + ".") for line in found]
    allowed = tuple(f"{module}." for module in WEB_MAY_IMPORT)
    assert [line for line, module in modules if not module.startswith(allowed)] == []
