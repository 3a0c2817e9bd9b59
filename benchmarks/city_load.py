"""The load of the city-scale benchmark (bench_city_scale.py): staff signed in through the login
form, opening pages with locust's FastHttpUser, headless, in a process of its own (locust patches
the standard library with gevent when imported, which the benchmark's own process must not be).

    BENCH_PASSWORD=... python benchmarks/city_load.py PLAN.json

The plan (JSON) names the server, the mode and the pages, each with the role's accounts and the
addresses to open in turn:

- "alone": one user of the first page's first account opens it `requests` times, one after
  another (after `warm` untimed requests);
- "load": `users` users with no think time share the pages by their `weight`, each user a
  role's account in turn, for `seconds` once all of them have signed in.

Prints one JSON line: per page the times of the requests (ms) and the failures (anything but a
200: a redirect to the login page is a failure), and the seconds the timed part lasted. Sign-ins
are not counted.
"""

import json
import os
import re
import sys
import time
from collections import defaultdict
from http.cookiejar import DefaultCookiePolicy
from itertools import count
from pathlib import Path
from typing import Any

import gevent
from locust import FastHttpUser, constant
from locust.env import Environment
from locust.exception import StopUser

SIGN_IN = "sign in"
SIGN_IN_TRIES = 3
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


class Recorder:
    """Every request's time and failure, by page, from locust's request event."""

    def __init__(self) -> None:
        self.times: dict[str, list[float]] = defaultdict(list)
        self.failures: dict[str, list[str]] = defaultdict(list)
        self.recording = False

    def __call__(self, name: str, response_time: float, exception: Any, **_: Any) -> None:
        if not self.recording or name == SIGN_IN:
            return
        self.times[name].append(response_time)
        if exception is not None:
            self.failures[name].append(str(exception)[:200])


class StaffUser(FastHttpUser):
    """A staff member signed in through the form, opening the pages of their role without
    pause."""

    abstract = True
    wait_time = constant(0)
    accounts: list[str] = []
    turn = count()
    signed_in = 0
    refused: list[str] = []  # sign-ins that never succeeded, of every class

    def on_start(self) -> None:
        self.username = self.accounts[next(self.turn) % len(self.accounts)]
        self.next_url = count()
        # A sign-in refused under load is tried again; one that never succeeds is an error the
        # user would see, and the user stops.
        for _ in range(SIGN_IN_TRIES):
            refused = sign_in(self.client, self.username)
            if refused is None:
                type(self).signed_in += 1
                return
        StaffUser.refused.append(refused)
        raise StopUser(refused)

    def open(self, page: dict[str, Any]) -> None:
        urls = page["urls_by_account"].get(self.username, page["urls"])
        url = urls[next(self.next_url) % len(urls)]
        with self.client.get(
            url, name=page["name"], allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                where = response.headers.get("Location", "")
                response.failure(f"{response.status_code} {url} {where}".strip())


def sign_in(client: Any, username: str) -> str | None:
    """Through the login form; None when signed in, else what went wrong."""
    # The server runs the production settings (Secure cookies) on plain http over loopback,
    # which browsers treat as a secure context too: send the cookies back over it.
    client.cookiejar.set_policy(DefaultCookiePolicy(secure_protocols=("https", "wss", "http")))
    page = client.get("/logga-in/", name=SIGN_IN)
    token = CSRF.search(page.content or b"")
    if token is None:
        return f"no sign-in form for {username}: {page.status_code}"
    answer = client.post(
        "/logga-in/",
        name=SIGN_IN,
        data={
            "csrfmiddlewaretoken": token.group(1).decode(),
            "username": username,
            "password": os.environ["BENCH_PASSWORD"],
        },
        allow_redirects=False,
    )
    if answer.status_code != 302:
        return f"the sign-in of {username} answered {answer.status_code}"
    return None


def opener(page: dict[str, Any]) -> Any:
    """A task that opens `page`."""
    return lambda user: user.open(page)


def user_class(role: str, pages: list[dict[str, Any]], users: int) -> type[StaffUser]:
    """A user class for one role: its accounts, its pages as weighted tasks, `users` of it."""
    tasks = {opener(page): page["weight"] for page in pages}
    return type(
        f"{role.title().replace('_', '')}User",
        (StaffUser,),
        {
            "accounts": pages[0]["accounts"],
            "turn": count(),
            "signed_in": 0,
            "fixed_count": users,
            "tasks": tasks,
        },
    )


def alone(host: str, page: dict[str, Any], requests: int, warm: int) -> dict[str, Any]:
    """One user opens one page `requests` times in a row."""
    recorder = Recorder()
    env = Environment(user_classes=[], host=host, events=None)
    env.events.request.add_listener(recorder)

    one = type("OneUser", (StaffUser,), {"host": host, "accounts": page["accounts"][:1]})
    user = one(env)
    user.on_start()  # raises StopUser if the account cannot sign in
    for i in range(warm + requests):
        recorder.recording = i >= warm
        user.open(page)
    return {"times": recorder.times, "failures": recorder.failures}


def load(host: str, pages: list[dict[str, Any]], users: int, seconds: float) -> dict[str, Any]:
    """`users` users share the pages by role and weight for `seconds` after all signed in."""
    recorder = Recorder()
    by_role: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for page in pages:
        by_role[page["role"]].append(page)
    weights = {role: sum(p["weight"] for p in found) for role, found in by_role.items()}
    total = sum(weights.values())
    shares = {role: max(1, round(users * w / total)) for role, w in weights.items()}
    # Rounding can leave the count off by a user or two: the largest role takes the difference.
    largest = max(shares, key=lambda role: shares[role])
    shares[largest] += users - sum(shares.values())
    classes = [user_class(role, found, shares[role]) for role, found in by_role.items()]
    env = Environment(user_classes=classes, host=host)
    env.events.request.add_listener(recorder)
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=users)
    deadline = time.monotonic() + 180
    while (
        sum(c.signed_in for c in classes) + len(StaffUser.refused) < users
        and time.monotonic() < deadline
    ):
        gevent.sleep(0.1)
    recorder.recording = True
    started = time.monotonic()
    gevent.sleep(seconds)
    recorder.recording = False
    elapsed = time.monotonic() - started
    runner.quit()
    return {
        "times": recorder.times,
        "failures": recorder.failures,
        "seconds": elapsed,
        "users": {role: shares[role] for role in by_role},
        "signed_in": sum(c.signed_in for c in classes),
        "refused": StaffUser.refused,
    }


def main(plan_path: str) -> None:
    plan = json.loads(Path(plan_path).read_text())
    for page in plan["pages"]:
        page.setdefault("urls_by_account", {})
    if plan["mode"] == "alone":
        result = alone(plan["host"], plan["pages"][0], plan["requests"], plan.get("warm", 0))
    else:
        result = load(plan["host"], plan["pages"], plan["users"], plan["seconds"])
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1])
