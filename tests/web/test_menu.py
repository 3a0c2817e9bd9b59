"""The main menu: each role sees the entries of its work and no other (the paths are the
contract; the role sets behind them live in `core/roles.py` and the apps)."""

import re

import pytest

from tests.conftest import client_for

pytestmark = pytest.mark.django_db

EVERY_ENTRY = {
    "/deltagare/",
    "/inkorg/",
    "/remisser/ny/",
    "/tider/",
    "/overforing/",
    "/erbjudanden/",
    "/anordnare/narvaro/vecka/",
    "/matchning/lediga/",
    "/sommarjobb/personal/",
    "/sommarjobb/sasonger/",
    "/ersattning/",
    "/jamforelse/",
    "/nyckeltal/",
    "/lex-sarah/",
    "/admin/",
}

MENU = {
    "coach_sydost": {
        "/lex-sarah/",
        "/deltagare/",
        "/tider/",
        "/erbjudanden/",
        "/matchning/lediga/",
    },
    "matcher_sydost": {
        "/lex-sarah/",
        "/deltagare/",
        "/erbjudanden/",
        "/matchning/lediga/",
        "/sommarjobb/personal/",
    },
    "manager_sydost": {
        "/lex-sarah/",
        "/deltagare/",
        "/tider/",
        "/overforing/",
        "/erbjudanden/",
        "/matchning/lediga/",
        "/sommarjobb/personal/",
        "/ersattning/",
        "/jamforelse/",
        "/nyckeltal/",
    },
    "officer_farsta": {"/lex-sarah/", "/deltagare/", "/inkorg/", "/remisser/ny/"},
    "provider_staff": {"/lex-sarah/", "/anordnare/narvaro/vecka/", "/erbjudanden/"},
    "analyst": {"/lex-sarah/", "/sommarjobb/sasonger/", "/jamforelse/", "/nyckeltal/"},
    "administrator": {
        "/lex-sarah/",
        "/overforing/",
        "/sommarjobb/sasonger/",
        "/ersattning/",
        "/jamforelse/",
        "/nyckeltal/",
        "/admin/",
    },
}


def _menu_links(html: str) -> set[str]:
    nav = re.search(r'<nav aria-label="[^"]*" class="main-nav">(.*?)</nav>', html, re.S)
    assert nav is not None
    return set(re.findall(r'href="([^"]+)"', nav.group(1)))


@pytest.mark.parametrize(("username", "entries"), MENU.items())
def test_each_role_sees_the_menu_entries_of_its_work_and_no_other(staff, username, entries):
    html = client_for(getattr(staff, username)).get("/").content.decode()
    links = _menu_links(html)
    assert "/" in links
    assert links & EVERY_ENTRY == entries


def test_a_signed_out_visitor_has_no_menu(db):
    from django.test import Client

    html = Client().get("/logga-in/").content.decode()
    assert 'class="main-nav"' not in html
