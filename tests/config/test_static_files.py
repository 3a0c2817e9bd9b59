"""Production serves its static files itself (WhiteNoise): hashed names, compressed, cached."""

import gzip
import json
import re
import secrets

import pytest
from django.test import Client, override_settings

from tests.config.test_settings import _run

# What config/settings/prod.py sets (the files below are collected under the real production
# settings; serving them in the test process needs the same storage to find their names).
PRODUCTION_STORAGES = {
    "staticfiles": {"BACKEND": "jobbtorg.core.static_files.GzipManifestStaticFilesStorage"}
}


def _production_static(static_root):
    # Served as production serves them: files read once when the application starts.
    return override_settings(
        STATIC_ROOT=static_root,
        STORAGES=PRODUCTION_STORAGES,
        WHITENOISE_AUTOREFRESH=False,
        DEBUG=False,
    )


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """`jobbtorg collectstatic` under the production settings, into a fresh STATIC_ROOT."""
    tmp_path = tmp_path_factory.mktemp("static")
    root = tmp_path / "static"
    result = _run(
        ["collectstatic", "--no-input"],
        tmp_path,
        SECRET_KEY=secrets.token_urlsafe(64),
        STATIC_ROOT=str(root),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return root


@pytest.fixture
def collected(static_root, db):
    with _production_static(static_root):
        yield static_root


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_pages_link_the_hashed_stylesheet_and_it_is_served_compressed_for_a_year(collected):
    client = Client()
    html = client.get("/logga-in/").content.decode()
    [href] = re.findall(r'href="(/static/jobbtorg/jobbtorg\.[0-9a-f]{12}\.css)"', html)
    original = (collected / "jobbtorg" / "jobbtorg.css").read_bytes()

    response = client.get(href, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(_body(response)) == original
    # The name changes whenever the content does, so a browser may keep it for ever.
    assert "max-age=315360000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]

    plain = client.get(href)
    assert "Content-Encoding" not in plain
    assert _body(plain) == original


def test_the_unhashed_name_is_served_but_not_cached_for_long(collected):
    response = Client().get("/static/jobbtorg/print.js")
    assert response.status_code == 200
    assert "immutable" not in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]


def test_a_static_file_that_does_not_exist_is_not_found(collected):
    assert Client().get("/static/jobbtorg/nothing.css").status_code == 404


def test_production_collectstatic_writes_hashed_gzipped_files(static_root):
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    hashed = manifest["paths"]["jobbtorg/jobbtorg.css"]
    assert re.fullmatch(r"jobbtorg/jobbtorg\.[0-9a-f]{12}\.css", hashed)
    assert (static_root / f"{hashed}.gz").exists()
    # Gzip only, even where the brotli package is installed (locust brings it to development).
    assert not list(static_root.rglob("*.br"))
