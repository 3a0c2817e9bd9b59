"""Every response carries a content security policy that allows no inline script, and no
template needs one: no inline <script>, no on*= handler, no javascript: URL, no inline style."""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import get_resolver

from jobbtorg.core.roles import Role
from tests.conftest import api_client_for, client_for
from tests.participants.test_audit_trail import _walk

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "jobbtorg"


def policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"{response.request['PATH_INFO']} ({response.status_code}) sends no policy"
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_strict(response) -> None:
    directives = policy(response)
    where = f"{response.request['PATH_INFO']} ({response.status_code})"
    scripts = directives.get("script-src", directives.get("default-src"))
    assert scripts == ["'self'"], where
    assert "'unsafe-inline'" not in " ".join(sum(directives.values(), [])), where
    assert "'unsafe-eval'" not in " ".join(sum(directives.values(), [])), where
    assert directives["object-src"] == ["'none'"], where
    assert directives["frame-ancestors"] == ["'none'"], where


def page_urls(participant_id) -> list[str]:
    """Every route, its participant id filled in with a real person's and any other id with
    one that names nothing."""
    urls = set()
    for route in _walk(get_resolver().url_patterns):
        route = route.lstrip("^").rstrip("$")
        if "(?P<" in route:  # the admin's regular expressions
            continue
        route = re.sub(r"<(uuid:)?participant_id>", str(participant_id), route)
        route = re.sub(r"<uuid:[^>]+>", "00000000-0000-0000-0000-000000000000", route)
        route = re.sub(r"<int:[^>]+>", "999999", route)
        route = re.sub(r"<[^>]+>", "x", route)
        route = re.sub(r"\{[^}]+\}", str(participant_id), route)
        urls.add("/" + route)
    return sorted(urls)


ROLES = [role.value for role in Role]
USERNAMES = {
    Role.COACH: "coach_sydost",
    Role.MATCHER: "matcher_sydost",
    Role.MANAGER: "manager_sydost",
    Role.DISTRICT_OFFICER: "officer_farsta",
    Role.PROVIDER_STAFF: "provider_staff",
    Role.ANALYST: "analyst",
    Role.ADMINISTRATOR: "administrator",
}


@pytest.mark.every_page
@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_every_role_sends_a_policy_without_inline_script(staff, people, role):
    user = getattr(staff, USERNAMES[Role(role)])
    urls = page_urls(people.in_farsta.pk)
    assert len(urls) > 80
    pages, api = client_for(user), api_client_for(user)
    statuses = set()
    for url in urls:
        response = (api if url.startswith("/api/") else pages).get(url)
        statuses.add(response.status_code)
        assert_strict(response)
    # The walk reached real pages, refusals and unknown ids alike.
    assert {200, 404} <= statuses


def test_pages_for_people_without_an_account_send_the_policy_too(db):
    client = Client()
    for url in ("/logga-in/", "/sommarjobb/", "/sommarjobb/min-ansokan/", "/healthz", "/nowhere/"):
        assert_strict(client.get(url))
    assert_strict(client.post("/logga-in/", {"username": "x", "password": "y"}))
    assert_strict(client.get("/api/v1/docs"))
    assert_strict(client.get("/api/v1/participants"))


def _templates() -> list[Path]:
    found = sorted(TEMPLATES.glob("**/templates/**/*.html"))
    assert len(found) > 50
    return found


TAG = re.compile(r"<[a-zA-Z][^<>]*>", re.S)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>\s*\S", re.I | re.S)


@pytest.mark.parametrize("template", _templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_template_has_inline_script_or_style(template):
    text = template.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text), "an inline <script>: move it to a file under static/"
    assert "<style" not in text.lower(), "a <style> element: move it to jobbtorg.css"
    assert "javascript:" not in text.lower(), "a javascript: URL"
    for tag in TAG.findall(text):
        assert not HANDLER.search(tag), f"an inline event handler in {tag}"
        assert not re.search(r"\sstyle\s*=", tag, re.I), f"an inline style in {tag}"


def test_the_checks_catch_what_they_look_for():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert INLINE_SCRIPT.search('<script type="module">\n go()</script>')
    assert not INLINE_SCRIPT.search('<script src="/static/x.js" defer></script>')
    assert any(HANDLER.search(tag) for tag in TAG.findall('<button onclick="go()">'))
    assert not any(HANDLER.search(tag) for tag in TAG.findall('<button data-print class="on">'))
