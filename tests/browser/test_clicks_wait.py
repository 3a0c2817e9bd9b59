"""A browser test that clicks something which loads a page waits for that page before it reads
it: otherwise it reads the page being left, and fails now and then on a busy machine. This
walks the browser tests' source and keeps the class of flaky test out."""

import ast
from pathlib import Path

HERE = Path(__file__).parent

# What may follow a bare click: a wait of its own for the page or the element that comes back.
WAITS = ("wait_for_url", "wait_for_selector", "expect_navigation")
# Clicks that load no page: the print button, and a link to an anchor on the same page.
NO_PAGE = ('name="Skriv ut"', 'summary.get_by_role("link"')


def _bare_clicks_without_a_wait(path: Path) -> list[str]:
    lines = path.read_text().splitlines()
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "click"
        ):
            continue
        line = lines[node.lineno - 1]
        if "target.click()" in line or any(marker in line for marker in NO_PAGE):
            continue
        following = next((text for text in lines[node.lineno :] if text.strip()), "")
        if not any(wait in following for wait in WAITS):
            found.append(f"{path.name}:{node.lineno}: {line.strip()}")
    return found


def test_every_click_that_loads_a_page_waits_for_it():
    found = [
        where
        for path in sorted(HERE.glob("test_*.py"))
        for where in _bare_clicks_without_a_wait(path)
    ]
    assert found == [], "use click_and_wait (tests/browser/test_accessibility.py):\n" + "\n".join(
        found
    )


def test_the_check_finds_a_click_read_at_once(tmp_path):
    flaky = tmp_path / "test_flaky.py"
    flaky.write_text(
        "def test_x(page):\n"
        '    page.locator("button").click()\n'
        '    assert page.locator(".error-summary").count() == 1\n'
    )
    assert _bare_clicks_without_a_wait(flaky) == ['test_flaky.py:2: page.locator("button").click()']
