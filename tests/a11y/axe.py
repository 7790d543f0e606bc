"""axe-core (tests/a11y/axe.min.js, 4.11.4) run in the Selenium page: the WCAG 2.2 A and AA
rules, every one of them, and what fails told as what to fix."""

from pathlib import Path

AXE = (Path(__file__).parent / "axe.min.js").read_text(encoding="utf-8")
TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]
#: Runs axe on the page (or the part of it a CSS selector picks) and calls back with its
#: violations, or the error thrown.
RUN = """
const done = arguments[arguments.length - 1];
const only = {type: "tag", values: arguments[0]};
axe.run(arguments[1] || document, {runOnly: only, resultTypes: ["violations"]})
  .then(results => done(results.violations), error => done({error: String(error)}));
"""


def violations(browser, within: str | None = None) -> list[dict]:
    """axe's violations on the page the browser shows, or in the part of it that the CSS
    selector ``within`` picks (axe is injected once per page load)."""
    if not browser.execute_script("return typeof window.axe === 'object'"):
        browser.execute_script(AXE)
    browser.set_script_timeout(60)
    found = browser.execute_async_script(RUN, TAGS, within)
    if isinstance(found, dict):
        raise RuntimeError(f"axe-core failed: {found['error']}")
    return found


def described(found: list[dict], shown: int = 3) -> str:
    """One line per violation (rule, impact, what it asks), then its first ``shown`` failing
    elements (CSS target and why) and how many more."""
    lines = []
    for violation in found:
        nodes = violation["nodes"]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in nodes[:shown]:
            target = " ".join(map(str, node["target"]))
            why = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {target}: {why}")
        if len(nodes) > shown:
            lines.append(f"    … and {len(nodes) - shown} more elements")
    return "\n".join(lines)


def problems(browser, page: str, within: str | None = None) -> str:
    """What axe finds on the shown page (or ``within`` it), as a message naming the page
    ("" if nothing)."""
    found = violations(browser, within)
    if not found:
        return ""
    return f"{page} ({browser.current_url}):\n{described(found)}"
