"""Starts the test provider as a process of its own and reads what it recorded."""

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 120


@dataclass
class RunningProvider:
    process: subprocess.Popen
    directory: Path
    url: str

    @property
    def issuer(self) -> str:
        return f"{self.url}/openid"

    def records(self, endpoint: str) -> list[dict]:
        path = self.directory / "records.jsonl"
        if not path.exists():
            return []
        lines = path.read_text().splitlines()
        return [r for r in map(json.loads, lines) if r["endpoint"] == endpoint]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.process.stdout.close()


def start_provider(directory: Path, configuration: dict) -> RunningProvider:
    """The provider with the users and clients of `configuration`, listening on a free port of
    127.0.0.1 (Jobbtorg's live server is `localhost`: their cookies stay apart)."""
    (directory / "configuration.json").write_text(json.dumps(configuration))
    env = dict(os.environ)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["TEST_PROVIDER_DIR"] = str(directory)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), str(REPO / "src"), env.get("PYTHONPATH", "")])
    log = open(directory / "provider.log", "w")  # noqa: SIM115 (open as long as the process)
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.oidc_provider.serve"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    log.close()
    for line in process.stdout:
        if line.startswith("listening on port "):
            port = int(line.split()[-1])
            return RunningProvider(process, directory, f"http://127.0.0.1:{port}")
    process.wait(timeout=STARTUP_SECONDS)
    raise RuntimeError(
        f"The test provider did not start:\n{(directory / 'provider.log').read_text()}"
    )
