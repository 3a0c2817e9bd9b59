"""`jobbtorg supervise` (make run, make serve): both processes run; Ctrl-C stops both; one
dying stops the other and the exit status says so."""

import os
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

JOBBTORG = str(Path(sys.executable).parent / "jobbtorg")


def _child(tmp_path: Path, name: str, body: str = "time.sleep(600)") -> str:
    """A child that writes its pid to NAME.pid and then runs `body`."""
    script = (
        f"import os, signal, sys, time; "
        f"open({str(tmp_path / f'{name}.pid')!r}, 'w').write(str(os.getpid())); {body}"
    )
    return f"{name}={shlex.join([sys.executable, '-c', script])}"


def _start(tmp_path: Path, *children: str, grace: float = 5) -> subprocess.Popen:
    return subprocess.Popen(
        [JOBBTORG, "supervise", f"--grace={grace}", *children],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _pids(tmp_path: Path, *names: str, timeout: float = 60) -> dict[str, int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = {name: tmp_path / f"{name}.pid" for name in names}
        if all(f.exists() and f.read_text() for f in files.values()):
            return {name: int(f.read_text()) for name, f in files.items()}
        time.sleep(0.1)
    raise AssertionError(f"not all of {names} started")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is gone for our purposes (its parent has not reaped it yet).
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split(") ")[1][0] != "Z"


def _wait_gone(pid: int, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def supervisors():
    started: list[subprocess.Popen] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_ctrl_c_stops_both_processes_and_exits_cleanly(tmp_path, supervisors):
    supervisor = _start(tmp_path, _child(tmp_path, "web"), _child(tmp_path, "worker"))
    supervisors.append(supervisor)
    pids = _pids(tmp_path, "web", "worker")
    assert all(_alive(pid) for pid in pids.values())

    supervisor.send_signal(signal.SIGINT)
    output, _ = supervisor.communicate(timeout=60)
    assert supervisor.returncode == 0, output
    assert not any(_alive(pid) for pid in pids.values())
    assert "SIGINT received: stopping" in output


def test_when_one_process_dies_the_other_is_stopped_and_the_status_is_non_zero(
    tmp_path, supervisors
):
    supervisor = _start(tmp_path, _child(tmp_path, "web"), _child(tmp_path, "worker"))
    supervisors.append(supervisor)
    pids = _pids(tmp_path, "web", "worker")

    os.kill(pids["worker"], signal.SIGKILL)
    output, _ = supervisor.communicate(timeout=60)
    assert supervisor.returncode == 128 + signal.SIGKILL, output
    assert _wait_gone(pids["web"])
    assert "worker ended with status -9: stopping the others" in output


def test_a_process_that_ends_by_itself_with_status_0_is_still_a_failure(tmp_path, supervisors):
    supervisor = _start(
        tmp_path,
        _child(tmp_path, "web"),
        _child(tmp_path, "worker", body="time.sleep(1); sys.exit(0)"),
    )
    supervisors.append(supervisor)
    pids = _pids(tmp_path, "web", "worker")
    output, _ = supervisor.communicate(timeout=60)
    assert supervisor.returncode == 1, output
    assert _wait_gone(pids["web"])


def test_a_process_that_ignores_sigterm_is_killed_after_the_grace_period(tmp_path, supervisors):
    stubborn = "signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(600)"
    supervisor = _start(
        tmp_path, _child(tmp_path, "web", body=stubborn), _child(tmp_path, "worker"), grace=1
    )
    supervisors.append(supervisor)
    pids = _pids(tmp_path, "web", "worker")

    supervisor.send_signal(signal.SIGTERM)
    output, _ = supervisor.communicate(timeout=60)
    assert supervisor.returncode == 0, output
    assert "web did not stop within 1.0 s: killing it" in output
    assert not any(_alive(pid) for pid in pids.values())


def test_what_a_process_started_itself_is_stopped_with_it(tmp_path, supervisors):
    # runserver's reloader runs the server in a child of its own; gunicorn has its workers.
    script = tmp_path / "grandchild.py"
    pid_file = tmp_path / "grandchild.pid"
    script.write_text(
        f"import os, time\nopen({str(pid_file)!r}, 'w').write(str(os.getpid()))\ntime.sleep(600)\n"
    )
    grandchild = (
        f"import subprocess; subprocess.Popen([sys.executable, {str(script)!r}]); time.sleep(600)"
    )
    supervisor = _start(tmp_path, _child(tmp_path, "web", body=grandchild))
    supervisors.append(supervisor)
    pids = _pids(tmp_path, "web", "grandchild")

    supervisor.send_signal(signal.SIGTERM)
    supervisor.communicate(timeout=60)
    assert _wait_gone(pids["grandchild"])
    assert not _alive(pids["web"])


def test_a_command_without_a_name_is_refused(tmp_path):
    result = subprocess.run(
        [JOBBTORG, "supervise", "runserver"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "Not NAME=COMMAND: 'runserver'" in result.stderr
