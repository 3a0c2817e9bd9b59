"""Jobbtorg as a city runs it, measured: PostgreSQL, people imported in the transfer format, a
city's staff with real caseloads, `make serve`'s gunicorn (4 workers) and worker, and staff
signed in through the login form opening the pages (locust, benchmarks/city_load.py).

    .venv/bin/python benchmarks/bench_city_scale.py            # 2,000 people (make bench)
    BENCH_PEOPLE=50000 .venv/bin/python benchmarks/bench_city_scale.py   # the city

Before and after in one run: the data is built and imported by the baseline revision
(BENCH_BASELINE, a git revision, default 9f5f39a, the start of the work on speed at city scale;
empty: only the code of this checkout), served and measured; then the same database is migrated
forward by this checkout's code (which shows its migrations at that size), served and measured
again, and the table gives the ratios. The baseline's code is `git archive`d into a temporary
directory and run with this virtual environment (PYTHONPATH=<it>/src).

What it measures (docs/operations.md, "The city-scale benchmark"):
- one user alone, BENCH_REQUESTS requests each (default 30): the coach's Min dag, the manager's
  Min dag (the Jobbtorg's caseload and deadlines), one participant, the participant list, the
  officer's inbox, the key figures; the median and p95, and the audit rows and bytes per view;
- the key figures right after a change (an assistance month changed through `jobbtorg transfer
  import`): the views in the seconds after it, and when the stored figures include it;
- 20 users with no think time over that page mix for BENCH_SECONDS (default 30): requests/s,
  p50/p95 per page, errors, the audit written (rows, bytes, per day at that load); 50 users:
  errors;
- the machine (cores, load average before and after each revision) and the sizes.

Database: DATABASE_URL (an empty PostgreSQL database), or else a private cluster started here
from the newest /usr/lib/postgresql/*/bin and deleted afterwards.
"""

import contextlib
import datetime as dt
import json
import math
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "src")]

import psycopg  # noqa: E402
from benchmarks.transfer_files import personnummer  # noqa: E402

BIN = Path(sys.executable).parent
CITY_DATA = REPO / "benchmarks" / "city_data.py"
CITY_LOAD = REPO / "benchmarks" / "city_load.py"

PEOPLE = int(os.environ.get("BENCH_PEOPLE", "2000"))
BASELINE = os.environ.get("BENCH_BASELINE", "9f5f39a").strip()
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "30"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "30"))
# How long to wait after a change for the stored key figures to include it.
FRESH_SECONDS = float(os.environ.get("BENCH_FRESH_SECONDS", "60"))
# BENCH_KEEP=1 keeps the work directory (the servers' and the worker's logs) for a look after.
KEEP = os.environ.get("BENCH_KEEP", "") not in ("", "0")
USERS, MANY_USERS = 20, 50
WEB_WORKERS = 4

# The issue's targets: one user's median per page (ms), the 20 users' throughput and p95.
ALONE_TARGETS = {
    "Min dag (coach)": 30,
    "manager's caseload": 100,
    "one participant": 30,
    "key figures": 300,
}
RPS_TARGET, P95_TARGET = 80, 300


def say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def run(command: list[Any], env: dict[str, str], what: str) -> str:
    """A step that must succeed; its output, or the end of its errors and a stop."""
    done = subprocess.run([str(c) for c in command], env=env, capture_output=True, text=True)
    if done.returncode:
        sys.stderr.write(done.stdout[-3000:] + done.stderr[-3000:])
        raise SystemExit(f"{what} failed (exit {done.returncode})")
    return done.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- PostgreSQL -------------------------------------------------------------------------------


@contextlib.contextmanager
def postgres() -> Iterator[str]:
    """DATABASE_URL, or a throwaway cluster of the newest PostgreSQL installed."""
    given = os.environ.get("DATABASE_URL", "")
    if given:
        if not given.startswith(("postgres://", "postgresql://")):
            raise SystemExit("DATABASE_URL must point at an empty PostgreSQL database")
        yield given
        return
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: [int(x) for x in p.parts[-3].split(".") if x.isdigit()],
    )
    if not found:
        raise SystemExit(
            "The city-scale benchmark needs PostgreSQL: set DATABASE_URL to an empty database, "
            "or install the server (Debian: apt-get install postgresql) so that it starts a "
            "cluster of its own."
        )
    bindir = found[-1].parent
    root = Path(tempfile.mkdtemp(prefix="jobbtorg-bench-pg-"))
    as_postgres: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        shutil.chown(root, "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    data = root / "data"

    def pg(*command: Any) -> None:
        subprocess.run([*as_postgres, *(str(c) for c in command)], check=True, capture_output=True)

    pg(
        bindir / "initdb",
        "-D",
        data,
        "-A",
        "trust",
        "-U",
        "postgres",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
    )
    pg(
        bindir / "pg_ctl",
        "-D",
        data,
        "-l",
        root / "server.log",
        "-w",
        "-o",
        f"-p {port} -k {root} -c listen_addresses=127.0.0.1",
        "start",
    )
    try:
        pg(bindir / "createdb", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "jobbtorg_bench")
        say(f"PostgreSQL cluster of its own ({bindir}) on port {port}")
        yield f"postgres://postgres@127.0.0.1:{port}/jobbtorg_bench"
    finally:
        subprocess.run(
            [*as_postgres, str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


def sql(url: str, query: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with psycopg.connect(url, autocommit=True) as connection:
        return connection.execute(query, params).fetchall()  # type: ignore[arg-type]


def tables_like(url: str, pattern: str) -> list[str]:
    return [
        row[0]
        for row in sql(
            url,
            "select tablename from pg_tables where schemaname = 'public' and tablename like %s",
            (pattern,),
        )
    ]


AuditMark = dict[str, tuple[int, int]]


def audit_mark(url: str) -> AuditMark:
    """Where each audit table stands: its newest id and its size on disk (table, indexes,
    TOAST). The chain's head and its checks are bookkeeping, not entries."""
    mark = {}
    for table in tables_like(url, "%audit%"):
        if table in {"core_auditchainhead", "core_auditchaincheck"}:
            continue
        newest, size = sql(
            url, f'select coalesce(max(id), 0), pg_total_relation_size(%s) from "{table}"', (table,)
        )[0]
        mark[table] = (newest, size)
    return mark


def audit_since(url: str, mark: AuditMark) -> tuple[int, int, int]:
    """The audit entries written since `mark`: rows, the bytes of their data, and the growth
    on disk (which PostgreSQL extends in chunks: meaningful over many rows only)."""
    rows = data = disk = 0
    for table, (newest, size) in mark.items():
        count, written, now = sql(
            url,
            f"select count(*), coalesce(sum(pg_column_size(t.*)), 0), pg_total_relation_size(%s)"
            f' from "{table}" t where id > %s',
            (table, newest),
        )[0]
        rows, data, disk = rows + count, data + written, disk + now - size
    return rows, data, disk


def wait_for_idle_queue(url: str, limit: float = 600) -> float:
    """Until no task waits or runs (the worker has done what the pages asked for)."""
    start = time.monotonic()
    table = (tables_like(url, "%dbtaskresult%") or [""])[0]
    while table and time.monotonic() - start < limit:
        busy = sql(url, f"select count(*) from \"{table}\" where status in ('READY', 'RUNNING')")
        if not busy[0][0]:
            break
        time.sleep(0.5)
    return time.monotonic() - start


# --- one revision of the product --------------------------------------------------------------


def revision_of(rev: str) -> str:
    return run(["git", "-C", REPO, "rev-parse", "--short", rev], dict(os.environ), "git").strip()


def archived(rev: str, into: Path) -> Path:
    """The files of `rev`, as git has them, in a directory of their own."""
    into.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", rev], capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


def environment(source: Path, url: str, work: Path, password: str) -> dict[str, str]:
    """`make serve`'s settings for the revision in `source`, on plain http over loopback."""
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "JOBBTORG_DEMO_MODE"}}
    env.update(
        PYTHONPATH=str(source / "src"),
        DJANGO_SETTINGS_MODULE="jobbtorg.config.settings.prod",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        JOBBTORG_DATA_DIR=str(work / "data"),
        STATIC_ROOT=str(work / "static"),
        DATABASE_URL=url,
        WEB_CONCURRENCY=str(WEB_WORKERS),
        BENCH_PEOPLE=str(PEOPLE),
        BENCH_PASSWORD=password,
    )
    return env


def timed_process(command: list[Any], env: dict[str, str], log: Path) -> tuple[int, float, float]:
    """Exit code, seconds and peak resident memory (MB) of a command."""
    start = time.perf_counter()
    with log.open("w") as out:
        child = subprocess.Popen([str(c) for c in command], env=env, stdout=out, stderr=out)
        _, status, usage = os.wait4(child.pid, 0)
    return os.waitstatus_to_exitcode(status), time.perf_counter() - start, usage.ru_maxrss / 1024


def build(env: dict[str, str], work: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The staff, the people through `jobbtorg transfer import`, the day's work."""
    python = BIN / "python"
    staff_file = work / "staff.json"
    say("staff accounts")
    run([python, CITY_DATA, "staff", staff_file], env, "creating the staff")
    say(f"{PEOPLE} people in the transfer format")
    run([python, CITY_DATA, "files", work / "transfer", staff_file], env, "writing the files")
    say("jobbtorg transfer import")
    code, seconds, peak = timed_process(
        [BIN / "jobbtorg", "transfer", "import", work / "transfer"], env, work / "import.log"
    )
    if code:
        sys.stderr.write((work / "import.log").read_text()[-3000:])
        raise SystemExit(f"jobbtorg transfer import failed (exit {code})")
    say(f"imported in {seconds:.1f} s, peak {peak:.0f} MB; the day's work")
    work_done = json.loads(run([python, CITY_DATA, "work", staff_file], env, "the day's work"))
    staff = json.loads(staff_file.read_text())
    return staff, {"import s": seconds, "import MB": peak, **work_done}


@contextlib.contextmanager
def serving(env: dict[str, str], port: int, log: Path) -> Iterator[str]:
    """As `make serve`: migrate, cache table, static files, then gunicorn and a worker under
    `jobbtorg supervise`; stopped as systemd would (SIGTERM to the group)."""
    jobbtorg = BIN / "jobbtorg"
    run([jobbtorg, "createcachetable"], env, "createcachetable")
    run([jobbtorg, "collectstatic", "--no-input", "--verbosity", "0"], env, "collectstatic")
    web = (
        f"{BIN / 'gunicorn'} --config python:jobbtorg.config.gunicorn "
        f"--bind 127.0.0.1:{port} jobbtorg.config.wsgi"
    )
    with log.open("w") as out:
        server = subprocess.Popen(
            [
                str(jobbtorg),
                "supervise",
                "--grace",
                "30",
                f"web={web}",
                f"worker={jobbtorg} worker",
            ],
            env=env,
            stdout=out,
            stderr=out,
            start_new_session=True,
        )
    host = f"http://127.0.0.1:{port}"
    try:
        for path in ("/logga-in/", "/healthz"):  # the pages, then the worker's heartbeat
            deadline = time.monotonic() + 180
            while not answers(host + path):
                if server.poll() is not None or time.monotonic() > deadline:
                    sys.stderr.write(log.read_text()[-3000:])
                    raise SystemExit(f"the server did not answer {path}")
                time.sleep(0.5)
        yield host
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(45)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


# --- the pages and the load -------------------------------------------------------------------


def in_turn(groups: dict[str, list[str]]) -> list[str]:
    """The accounts of every unit, first of each unit first: a few users cover every unit."""
    longest = max(len(names) for names in groups.values())
    return [
        names[i] for i in range(longest) for _, names in sorted(groups.items()) if i < len(names)
    ]


def staff_pages(staff: dict[str, Any], url: str) -> list[dict[str, Any]]:
    """The staff page mix: each page, whose account opens it, its weight in the load."""
    people: dict[str, list[str]] = {}
    for username, person in sql(
        url,
        "select u.username, r.participant_id from participants_referral r"
        " join organisation_user u on u.id = r.coach_id"
        " where r.stage = 'enrolled' and u.username like 'bench-coach-%%'"
        " order by u.username, r.referred_at",
    ):
        found = people.setdefault(username, [])
        if len(found) < 50:
            found.append(f"/deltagare/{person}/")
    # Coaches with enrolled cases of their own: one with none would open another's person
    # (the first coach's list), whom they may not see (404).
    coaches = [name for name in in_turn(staff["coach"]) if name in people]
    managers = in_turn(staff["manager"])
    # The districts with most events first: the officer measured alone has an inbox to read.
    waiting = dict(
        sql(
            url,
            "select d.slug, count(*) from participants_districtevent e"
            " join organisation_district d on d.id = e.district_id group by d.slug",
        )
    )
    officers = [
        name
        for _, names in sorted(
            staff["district_officer"].items(), key=lambda item: -waiting.get(item[0], 0)
        )
        for name in names
    ]
    return [
        {
            "name": "Min dag (coach)",
            "role": "coach",
            "accounts": coaches,
            "urls": ["/"],
            "weight": 3,
        },
        {
            "name": "participant list",
            "role": "coach",
            "accounts": coaches,
            "urls": ["/deltagare/"],
            "weight": 1,
        },
        {
            "name": "one participant",
            "role": "coach",
            "accounts": coaches,
            "urls": people[coaches[0]],
            "urls_by_account": people,
            "weight": 3,
        },
        {
            "name": "officer's inbox",
            "role": "district_officer",
            "accounts": officers,
            "urls": ["/inkorg/"],
            "weight": 2,
        },
        {
            "name": "manager's caseload",
            "role": "manager",
            "accounts": managers,
            "urls": ["/"],
            "weight": 2,
        },
        {
            "name": "key figures",
            "role": "manager",
            "accounts": managers,
            "urls": ["/nyckeltal/"],
            "weight": 1,
        },
    ]


def drive(plan: dict[str, Any], env: dict[str, str], work: Path) -> dict[str, Any]:
    """The load process (city_load.py) with this plan; its JSON answer."""
    plan_file = work / "plan.json"
    plan_file.write_text(json.dumps(plan))
    answer = run([BIN / "python", CITY_LOAD, plan_file], env, f"the load ({plan['mode']})")
    return dict(json.loads(answer.splitlines()[-1]))


def percentile(times: list[float], share: float) -> float:
    if len(times) < 2:
        return times[0] if times else float("nan")
    return statistics.quantiles(times, n=100, method="inclusive")[round(share * 100) - 1]


def change_an_assistance_month(env: dict[str, str], work: Path) -> None:
    """A district's correction of last month's assistance for one person, through the product."""
    month = dt.date.today().replace(day=1) - dt.timedelta(days=1)
    directory = work / "change"
    directory.mkdir(exist_ok=True)
    (directory / "assistance.csv").write_text(
        "personnummer,month,amount_sek\n"
        f"{personnummer(1)},{month:%Y-%m},{secrets.choice(range(5000, 9000))}\n"
    )
    run([BIN / "jobbtorg", "transfer", "import", directory], env, "the change")


def figures_include(url: str, since: dt.datetime) -> bool:
    """The stored key figures asked for lately were all computed after `since`. The stored
    figures are the column `result` since the effect estimate was stored too, `rows` before
    (the baseline's)."""
    (column,) = sql(
        url,
        "select column_name from information_schema.columns"
        " where table_name = 'followup_keyfigureresult' and column_name in ('result', 'rows')",
    )[0]
    try:
        oldest, count = sql(
            url,
            f"select min(computed_at), count(*) from followup_keyfigureresult"  # noqa: S608
            f" where {column} is not null and asked_at > now() - interval '1 hour'",
        )[0]
    except psycopg.Error:
        return False
    return bool(count) and oldest >= since


def measure(
    env: dict[str, str], url: str, staff: dict[str, Any], work: Path, host: str
) -> dict[str, Any]:
    pages = staff_pages(staff, url)
    figures: dict[str, Any] = {"load before": os.getloadavg()}
    say("warming up (each page on every web worker), then the worker's queue")
    drive(
        {"mode": "load", "host": host, "pages": pages, "users": 2 * len(pages), "seconds": 5},
        env,
        work,
    )
    figures["queue after warm-up s"] = wait_for_idle_queue(url)
    alone: dict[str, Any] = {}
    for page in pages:
        say(f"one user: {page['name']}")
        mark = audit_mark(url)
        answer = drive(
            {"mode": "alone", "host": host, "pages": [page], "requests": REQUESTS, "warm": 2},
            env,
            work,
        )
        rows, data, _ = audit_since(url, mark)
        times = answer["times"].get(page["name"], [])
        views = REQUESTS + 2
        alone[page["name"]] = {
            "p50": statistics.median(times),
            "p95": percentile(times, 0.95),
            "failures": len(answer["failures"].get(page["name"], [])),
            "audit rows": rows / views,
            "audit bytes": data / views,
        }
    figures["alone"] = alone

    say("key figures after a change")
    key_figures = next(p for p in pages if p["name"] == "key figures")
    since = sql(url, "select now()")[0][0]
    change_an_assistance_month(env, work)
    plan = {"mode": "alone", "host": host, "pages": [key_figures], "requests": 10}
    answer = drive(plan, env, work)
    times = answer["times"].get("key figures", [])
    fresh = None
    while (waited := (sql(url, "select now()")[0][0] - since).total_seconds()) < FRESH_SECONDS:
        if figures_include(url, since):
            fresh = waited
            break
        time.sleep(0.5)
    figures["after change"] = {
        "first": times[0],
        "max": max(times),
        "p50": statistics.median(times),
        "fresh s": fresh,
    }
    wait_for_idle_queue(url)

    for users in (USERS, MANY_USERS):
        say(f"{users} users for {SECONDS:.0f} s")
        mark = audit_mark(url)
        answer = drive(
            {"mode": "load", "host": host, "pages": pages, "users": users, "seconds": SECONDS},
            env,
            work,
        )
        rows, data, disk = audit_since(url, mark)
        requests = sum(len(t) for t in answer["times"].values())
        figures[f"{users} users"] = {
            "rps": requests / answer["seconds"],
            "requests": requests,
            # A sign-in refused three times is an error a user sees too.
            "errors": sum(len(f) for f in answer["failures"].values()) + len(answer["refused"]),
            "error examples": sorted(
                {f for found in answer["failures"].values() for f in found} | set(answer["refused"])
            )[:3],
            "signed in": answer["signed_in"],
            "pages": {
                name: {"p50": statistics.median(t), "p95": percentile(t, 0.95), "n": len(t)}
                for name, t in answer["times"].items()
            },
            "audit rows": rows,
            "audit bytes": data,
            "audit disk": disk,
            "seconds": answer["seconds"],
        }
    figures["load after"] = os.getloadavg()
    return figures


# --- the run and its table --------------------------------------------------------------------


def main() -> None:
    # Stopped by a signal, the servers and the cluster are still stopped (the `finally`s).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    password = secrets.token_urlsafe(18)
    work_root = Path(tempfile.mkdtemp(prefix="jobbtorg-bench-city-"))
    revisions: list[tuple[str, Path]] = []
    try:
        if BASELINE:
            revisions.append(
                (f"before ({revision_of(BASELINE)})", archived(BASELINE, work_root / "baseline"))
            )
        dirty = run(
            ["git", "-C", REPO, "status", "--porcelain", "--untracked-files=no"],
            dict(os.environ),
            "git",
        )
        here = revision_of("HEAD") + (" + changes" if dirty.strip() else "")
        revisions.append((f"after ({here})" if BASELINE else f"now ({here})", REPO))
        results: dict[str, dict[str, Any]] = {}
        with postgres() as url:
            version = sql(url, "show server_version")[0][0]
            staff: dict[str, Any] = {}
            for i, (label, source) in enumerate(revisions):
                work = work_root / f"run-{i}"
                work.mkdir()
                env = environment(source, url, work, password)
                say(f"{label}: migrate")
                start = time.perf_counter()
                run([BIN / "jobbtorg", "migrate", "--no-input"], env, "migrate")
                figures: dict[str, Any] = {"migrate s": time.perf_counter() - start}
                if i == 0:
                    staff, built = build(env, work)
                    figures.update(built)
                port = free_port()
                with serving(env, port, work / "serve.log") as host:
                    figures.update(measure(env, url, staff, work, host))
                results[label] = figures
                say(f"{label}: {json.dumps(figures)}")  # kept should a later step fail
        print_table(results, staff, version)
    finally:
        if KEEP:
            say(f"kept: {work_root} (each revision's serve.log: gunicorn and the worker)")
        else:
            shutil.rmtree(work_root, ignore_errors=True)


def print_table(results: dict[str, dict[str, Any]], staff: dict[str, Any], version: str) -> None:
    labels = list(results)
    first = results[labels[0]]
    accounts = sum(
        len(v)
        for role in ("coach", "manager", "matcher", "district_officer")
        for v in staff[role].values()
    ) + len(staff["analyst"])
    coaches = sum(len(v) for v in staff["coach"].values())
    print(
        f"City-scale benchmark: {PEOPLE:,} people imported in the transfer format, {accounts} staff"
        f" accounts ({coaches} coaches over {len(staff['coach'])} Jobbtorg), PostgreSQL {version},"
        f" gunicorn with {WEB_WORKERS} workers and a worker, {os.cpu_count()} cores"
    )
    waiting = (first["inbox events"], first["exceptions awaiting a decision"])
    print(
        f"  waiting work: {waiting[0]} inbox events, {waiting[1]} exceptions to decide,"
        f" {first['first meetings today']} first meetings today; the import (first revision):"
        f" {first['import s']:.1f} s, peak {first['import MB']:.0f} MB"
    )
    for label, figures in results.items():
        before = " ".join(f"{x:.2f}" for x in figures["load before"])
        after = " ".join(f"{x:.2f}" for x in figures["load after"])
        print(
            f"  {label}: migrate {figures['migrate s']:.1f} s;"
            f" load average {before} before, {after} after"
        )
    header = f"{'':<48}{'target':>9}" + "".join(f"{label:>22}" for label in labels)
    print(header + (f"{'after/before':>14}" if len(labels) == 2 else "") + "  met")
    everyone = list(results.values())
    load, many = f"{USERS} users", f"{MANY_USERS} users"
    # (figure, target as text, the values per revision, whether the last one meets it)
    rows: list[tuple[str, str, list[float], bool | None]] = []

    def row(
        name: str, values: list[float], at_most: float | None = None, at_least: float | None = None
    ) -> None:
        last = values[-1]
        met = (
            None
            if at_most is None and at_least is None
            else (last <= at_most if at_most is not None else last >= at_least)
        )  # type: ignore[operator]
        target = (
            f"<= {at_most:g}"
            if at_most is not None
            else f">= {at_least:g}"
            if at_least is not None
            else ""
        )
        rows.append((name, target, values, met))

    for page in first["alone"]:
        found = [r["alone"][page] for r in everyone]
        row(f"one user, {page}: median ms", [f["p50"] for f in found], ALONE_TARGETS.get(page))
        row("  p95 ms", [f["p95"] for f in found])
        row("  audit rows per view", [f["audit rows"] for f in found])
        row("  audit kB per view (the rows' data)", [f["audit bytes"] / 1024 for f in found])
    changed = [r["after change"] for r in everyone]
    row("key figures after a change: first view ms", [c["first"] for c in changed], 300)
    row("  slowest of the 10 views after it, ms", [c["max"] for c in changed], 300)
    row(
        f"  figures include the change after s (of {FRESH_SECONDS:.0f})",
        [c["fresh s"] if c["fresh s"] is not None else float("inf") for c in changed],
        FRESH_SECONDS,
    )
    loaded = [r[load] for r in everyone]
    row(f"{load}: requests/s", [f["rps"] for f in loaded], at_least=RPS_TARGET)
    row("  errors", [f["errors"] for f in loaded], 0)
    for page in first[load]["pages"]:
        row(
            f"  {page}: p50 ms", [f["pages"].get(page, {}).get("p50", float("nan")) for f in loaded]
        )
        row(
            f"  {page}: p95 ms",
            [f["pages"].get(page, {}).get("p95", float("nan")) for f in loaded],
            P95_TARGET,
        )
    row("  audit rows per minute", [f["audit rows"] / f["seconds"] * 60 for f in loaded])
    row(
        "  audit MB per minute, rows' data",
        [f["audit bytes"] / f["seconds"] * 60 / 2**20 for f in loaded],
    )
    row(
        "  audit MB per minute on disk",
        [f["audit disk"] / f["seconds"] * 60 / 2**20 for f in loaded],
    )
    row(
        "  audit GB on disk per 8-hour day at that load",
        [f["audit disk"] / f["seconds"] * 8 * 3600 / 2**30 for f in loaded],
    )
    # 200 staff opening a page every 25 s (8 views a second) for a working day, at the mix of
    # the 20 users' pages: what a city's day writes, whatever the server's speed.
    row(
        "  audit GB on disk per city day (8 views/s, 8 h)",
        [f["audit disk"] / max(f["requests"], 1) * 8 * 8 * 3600 / 2**30 for f in loaded],
    )
    row(f"{many}: errors", [r[many]["errors"] for r in everyone], 0)
    row("  requests/s", [r[many]["rps"] for r in everyone])
    for name, target, values, met in rows:
        line = f"{name:<48}{target:>9}" + "".join(
            f"{v:>22,.1f}" if math.isfinite(v) else f"{'not in time' if v > 0 else '-':>22}"
            for v in values
        )
        if len(values) == 2:
            ratio = (
                values[1] / values[0] if values[0] and math.isfinite(values[0]) else float("nan")
            )
            line += f"{ratio:>14.2f}"
        print(line + ("" if met is None else "  yes" if met else "  NO"))
    for label, figures in results.items():
        for users in (load, many):
            if figures[users]["errors"]:
                print(f"  {label}, {users}: errors such as {figures[users]['error examples']}")


if __name__ == "__main__":
    main()
