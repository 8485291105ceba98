"""The accessibility scan: axe-core, run in the page by the browser tests.

axe-core is a test asset (``tests/web/vendor/``, its version, licence and checksum in
the README there), never served by the app. It is evaluated in the page through the
DevTools protocol, which the page's Content-Security-Policy does not govern, so the
pages' policy stays as strict as it is in use.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Page

AXE_VERSION = "4.14.1"
AXE_SCRIPT = Path(__file__).parent / "vendor" / f"axe-core-{AXE_VERSION}" / "axe.min.js"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
#: The impacts that fail a page (axe's scale: minor, moderate, serious, critical).
FAILING_IMPACTS = ("serious", "critical")
#: WCAG 2.0, 2.1 and 2.2, levels A and AA, and axe's best practices.
RULE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]

_RUN = """async (tags) => {
  const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]};
  const results = await axe.run(document, options);
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => n.target.join(" ") + " — " + (n.failureSummary || "").replace(/\\s+/g, " ")),
  }));
}"""


@functools.cache
def _axe_source() -> str:
    script = AXE_SCRIPT.read_bytes()
    assert hashlib.sha256(script).hexdigest() == AXE_SHA256, "axe.min.js is not the release file"
    return script.decode("utf-8")


def violations(page: Page) -> list[dict[str, Any]]:
    """axe's violations on the page as it is now."""
    devtools = page.context.new_cdp_session(page)
    try:
        loaded = devtools.send("Runtime.evaluate", {"expression": _axe_source()})
        assert "exceptionDetails" not in loaded, loaded
    finally:
        devtools.detach()
    found: list[dict[str, Any]] = page.evaluate(_RUN, RULE_TAGS)
    return found


def failing(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [v for v in found if v["impact"] in FAILING_IMPACTS]


def describe(found: list[dict[str, Any]]) -> str:
    """Violations as lines a person can act on: rule, impact, what it asks, where."""
    lines = []
    for v in found:
        lines.append(f"{v['impact']}: {v['id']} ({v['help']})")
        lines += [f"    {node}" for node in v["nodes"]]
    return "\n".join(lines)
