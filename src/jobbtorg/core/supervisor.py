"""Run several long-lived processes as one: the web server and a worker beside it.

`make run` and `make serve` start both under one process so that Ctrl-C stops both, and so
that one of them dying does not leave the other running as if all were well: the rest are
stopped and the supervisor exits non-zero. (In production systemd runs each on its own.)
"""

import contextlib
import ctypes
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass

logger = logging.getLogger("jobbtorg.supervisor")

_PR_SET_PDEATHSIG = 1
_POLL_SECONDS = 0.2


@dataclass(frozen=True)
class ProcessSpec:
    name: str
    argv: list[str]


def _die_with_parent() -> None:
    """In the child, before exec: Linux sends it SIGTERM if the supervisor is killed outright
    (SIGKILL gives the supervisor no chance to stop it)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _signal_group(process: subprocess.Popen[bytes], signum: int) -> None:
    # Each child leads its own process group, so the signal also reaches what it started
    # (runserver's reloading child, gunicorn's workers).
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)


def _exit_code(returncode: int) -> int:
    """A process that was meant to run until stopped and ended by itself is a failure, even
    with status 0; one killed by a signal ends the shell way, 128 + the signal."""
    if returncode < 0:
        return 128 - returncode
    return returncode or 1


def supervise(specs: Sequence[ProcessSpec], *, grace_seconds: float = 10.0) -> int:
    """Start every process; return when they are all gone.

    SIGINT or SIGTERM to the supervisor: each process gets SIGTERM, then SIGKILL after
    `grace_seconds`; the result is 0. One process ending by itself: the others are stopped the
    same way and the result is non-zero (its own status, or 1 if it ended with 0).
    """
    requested: list[int] = []

    def request_stop(signum: int, frame: object) -> None:
        requested.append(signum)

    previous = {
        signum: signal.signal(signum, request_stop) for signum in (signal.SIGINT, signal.SIGTERM)
    }
    running: dict[str, subprocess.Popen[bytes]] = {}
    result = 0
    try:
        for spec in specs:
            running[spec.name] = subprocess.Popen(  # noqa: S603 (the commands are ours)
                spec.argv, process_group=0, preexec_fn=_die_with_parent
            )
            logger.info("%s started (pid %s)", spec.name, running[spec.name].pid)
        while not requested:
            ended = {name: p.returncode for name, p in running.items() if p.poll() is not None}
            if ended:
                name, returncode = next(iter(ended.items()))
                logger.error("%s ended with status %s: stopping the others", name, returncode)
                result = _exit_code(returncode)
                break
            time.sleep(_POLL_SECONDS)
        else:
            logger.info("%s received: stopping", signal.Signals(requested[0]).name)
        _stop_all(running, grace_seconds)
    finally:
        for process in running.values():
            if process.poll() is None:
                _signal_group(process, signal.SIGKILL)
                process.wait()
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return result


def _stop_all(running: dict[str, subprocess.Popen[bytes]], grace_seconds: float) -> None:
    for process in running.values():
        if process.poll() is None:
            _signal_group(process, signal.SIGTERM)
    deadline = time.monotonic() + grace_seconds
    for name, process in running.items():
        try:
            process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            logger.warning("%s did not stop within %s s: killing it", name, grace_seconds)
            _signal_group(process, signal.SIGKILL)
            process.wait()
        # What the process left behind in its group (a reloader's child) goes with it.
        _signal_group(process, signal.SIGKILL)
