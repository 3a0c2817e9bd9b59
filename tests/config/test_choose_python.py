"""`scripts/choose-python`, which `make setup` asks for the Python to build .venv with: the
newest of python3.13, python3.12, python3.11 and python3 that runs and is 3.11 to 3.13, or the
one PYTHON= names, and a message naming what to install when none fits. Each test puts stand-in
interpreters on an otherwise empty PATH: small scripts that answer as the real ones do."""

import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "choose-python"


def _python(directory: Path, name: str, version: str | None) -> Path:
    """A stand-in named `name` that is Python `version` (None: a command that fails to run,
    as a pyenv shim does for a version that is installed but not active)."""
    path = directory / name
    if version is None:
        path.write_text("#!/bin/sh\necho 'pyenv: command not found' >&2\nexit 127\n")
    else:
        major, minor = (int(part) for part in version.split(".")[:2])
        # What choose-python asks: whether it is supported, its full version, its X.Y.
        path.write_text(
            "#!/bin/sh\n"
            'case "$*" in\n'
            f"  *sys.exit*) [ {major} -eq 3 ] && [ {minor} -ge 11 ] && [ {minor} -lt 14 ] ;;\n"
            f"  *version.split*) echo {version} ;;\n"
            f"  *) echo {major}.{minor} ;;\n"
            "esac\n"
        )
    path.chmod(0o755)
    return path


def _choose(tmp_path: Path, pythons: dict[str, str | None], *args: str, python: str = ""):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    for name, version in pythons.items():
        _python(bin_dir, name, version)
    env = {"PATH": str(bin_dir), "PYTHON": python}
    return subprocess.run(
        ["/bin/bash", str(SCRIPT), *args], env=env, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    ("pythons", "chosen"),
    [
        ({"python3.11": "3.11.2", "python3.13": "3.13.5", "python3": "3.13.5"}, "python3.13"),
        ({"python3.12": "3.12.3", "python3": "3.12.3"}, "python3.12"),
        ({"python3": "3.11.9"}, "python3"),
        # Installed but not active (a pyenv shim): passed over for one that runs.
        ({"python3.13": None, "python3.12": None, "python3.11": "3.11.7"}, "python3.11"),
        # A python3 that is too old or too new is not taken.
        ({"python3": "3.10.12", "python3.11": "3.11.2"}, "python3.11"),
        ({"python3": "3.14.0", "python3.12": "3.12.1"}, "python3.12"),
    ],
)
def test_the_newest_supported_python_that_runs_is_chosen(tmp_path, pythons, chosen):
    result = _choose(tmp_path, pythons)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(tmp_path / "bin" / chosen)


def test_every_supported_version_once_the_newest_first(tmp_path):
    result = _choose(
        tmp_path,
        {"python3.13": "3.13.5", "python3.11": "3.11.2", "python3": "3.13.5"},
        "--all",
    )
    assert [Path(line).name for line in result.stdout.split()] == ["python3.13", "python3.11"]


def test_python_named_is_taken_when_it_is_supported(tmp_path):
    named = _python(tmp_path, "my-python", "3.12.8")
    result = _choose(tmp_path, {"python3.13": "3.13.5"}, python=str(named))
    assert result.stdout.strip() == str(named)


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ("3.10.12", "is Python 3.10.12; Jobbtorg runs on Python 3.11, 3.12 or 3.13."),
        (None, "does not run; Jobbtorg needs Python 3.11, 3.12 or 3.13."),
    ],
)
def test_python_named_that_does_not_fit_is_refused_with_the_reason(tmp_path, version, message):
    named = _python(tmp_path, "old-python", version)
    result = _choose(tmp_path, {"python3.13": "3.13.5"}, python=str(named))
    assert result.returncode == 1 and result.stdout == ""
    assert message in result.stderr


def test_no_supported_python_says_what_to_install(tmp_path):
    result = _choose(tmp_path, {"python3": "3.9.2", "python3.13": None})
    assert result.returncode == 1 and result.stdout == ""
    assert "Jobbtorg needs Python 3.11, 3.12 or 3.13" in result.stderr
    assert "sudo apt-get install python3 python3-venv" in result.stderr
    assert "PYTHON=" in result.stderr
