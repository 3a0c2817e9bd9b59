import pytest

from tests.followup import standin

standin.install()


@pytest.fixture
def stub_compute(monkeypatch):
    """The pages and reports over known rows (tests/followup/standin.py), not the engine."""
    standin.calls.clear()
    monkeypatch.setattr("jobbtorg.followup.service.compute_rows", standin.fake_compute_rows)
    return standin
