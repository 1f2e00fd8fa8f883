"""Smoke test of a built bundle (packaging/build.sh), run from outside the source tree.

    python3 packaging/smoke.py [BUNDLE]        # BUNDLE: the tresen/ folder; default $TRESEN_DIST_DIR/tresen or dist/tresen

Only the standard library: any Python 3.9+ runs it, and the bundle must not lean on it. The bundle is copied to a
temporary folder first (`--in-place`: run it where it is) and started there with the current directory, HOME and the
XDG folders in that temporary folder, without PYTHONPATH, PYTHONHOME, a virtualenv, D-Bus (so no keyring: the demo
keeps its token in memory) or any TRESEN_* setting, and with QT_QPA_PLATFORM=offscreen. Steps, each must pass:

1. `tresen --bundle-check`: printing, barcodes, camera decoding, keyring backends, Qt's translations and plugins,
   both migration folders (packaging/bundle_check.py);
2. `tresen --demo --data-dir DIR --startup-probe --language de`, then `… en`, each on a new data folder: exit 0, the
   line `ready SECONDS RSS_MB lang=… qm=…` with lang=de, and lang=en qm=yes (the app's English texts loaded); the
   replica made from scratch and migrated to the newest revision the bundle carries; logs/tresen.log written;
3. an unconfigured register without --demo: `--startup-probe` exits 2 (it would open the set-up wizard);
4. the demo for real (no probe, `--demo-history-days 0`): its embedded backend (uvicorn, FastAPI, its own
   migrations) starts, the register enrolls there over HTTP, `/health` answers, and after 5 s more the log has no
   ERROR line; then the process is stopped.

Exit status 0 when all passed; the timings are printed at the end.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBE_LINE = re.compile(r"^ready (?P<seconds>\d+(?:\.\d+)?) (?P<rss_mb>\d+(?:\.\d+)?)(?P<fields>(?: \S+=\S*)*)\s*$")
#: What the probe line must say per language: German is the source language, English needs tresen_en.qm loaded.
REQUIRED_FIELDS = {"de": {"lang": "de"}, "en": {"lang": "en", "qm": "yes"}}
PROBE_TIMEOUT_S = 300  # a slow, busy machine; a normal start takes a few seconds
BACKEND_TIMEOUT_S = 180
SETTLE_S = 5  # how long the demo runs on after it enrolled, before its log is read


class SmokeFailure(AssertionError):
    pass


def parse_probe(output: str) -> dict[str, str]:
    """The probe's line in a start's stdout, as {"seconds", "rss_mb", and each key=value field}."""
    for line in output.splitlines():
        match = PROBE_LINE.match(line.strip())
        if match:
            fields = dict(field.split("=", 1) for field in match["fields"].split())
            return {"seconds": match["seconds"], "rss_mb": match["rss_mb"], **fields}
    raise SmokeFailure(f"no 'ready SECONDS RSS_MB …' line in the output:\n{output}")


def check_fields(probe: dict[str, str], language: str) -> None:
    """The probe line's fields are what `language` requires (REQUIRED_FIELDS), each one exactly."""
    for key, wanted in REQUIRED_FIELDS[language].items():
        if probe.get(key) != wanted:
            raise SmokeFailure(f"--language {language}: the probe line says {key}={probe.get(key)!r}, "
                               f"expected {key}={wanted} ({probe})")


def migration_head(versions: Path) -> str:
    """The newest revision of an Alembic versions folder: the one no other revision names as its down_revision."""
    revisions, parents = set(), set()
    for script in versions.glob("*.py"):
        text = script.read_text(encoding="utf-8")
        revision = re.search(r'^revision\s*(?::[^=]*)?=\s*["\']([^"\']+)["\']', text, re.M)
        down = re.search(r'^down_revision\s*(?::[^=]*)?=\s*(.+)$', text, re.M)
        if revision:
            revisions.add(revision[1])
        if down:
            parents.update(re.findall(r'["\']([^"\']+)["\']', down[1]))
    heads = revisions - parents
    if len(heads) != 1:
        raise SmokeFailure(f"{versions}: expected one head revision, found {sorted(heads)}")
    return heads.pop()


def db_value(path: Path, sql: str):
    """One value from an SQLite file, read-only (the app may still be writing it); None if it is not there yet."""
    if not path.exists():
        return None
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
            row = db.execute(sql).fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def clean_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TRESEN_", "PYTHON", "VIRTUAL_ENV", "CONDA", "XDG_", "DBUS_", "QT_"))}
    venv_bin = str(ROOT / ".venv" / "bin")
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p and p != venv_bin)
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / ".local" / "share"), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_CACHE_HOME=str(home / ".cache"), QT_QPA_PLATFORM="offscreen", LANG="C.UTF-8")
    return env


class Smoke:
    def __init__(self, exe: Path, internal: Path, tmp: Path):
        self.exe, self.internal, self.tmp = exe, internal, tmp
        self.home = tmp / "home"
        self.cwd = tmp / "cwd"
        self.home.mkdir()
        self.cwd.mkdir()
        self.env = clean_env(self.home)
        self.times: list[str] = []

    def run(self, *args: str, timeout: float = PROBE_TIMEOUT_S) -> tuple[subprocess.CompletedProcess, float]:
        start = time.monotonic()
        done = subprocess.run([str(self.exe), *args], cwd=self.cwd, env=self.env, capture_output=True, text=True,
                              timeout=timeout)
        return done, time.monotonic() - start

    @staticmethod
    def output(done: subprocess.CompletedProcess) -> str:
        return f"--- stdout\n{done.stdout}--- stderr\n{done.stderr[-4000:]}"

    def bundle_check(self) -> None:
        done, wall = self.run("--bundle-check")
        print(done.stdout, end="")
        if done.returncode != 0:
            raise SmokeFailure(f"--bundle-check exited {done.returncode}\n{self.output(done)}")
        self.times.append(f"bundle check: {wall:.1f} s")

    def probe(self, language: str) -> None:
        data = self.tmp / f"data-{language}"
        done, wall = self.run("--demo", "--data-dir", str(data), "--startup-probe", "--language", language)
        if done.returncode != 0:
            raise SmokeFailure(f"--language {language}: exit status {done.returncode}\n{self.output(done)}")
        probe = parse_probe(done.stdout)
        check_fields(probe, language)
        self.check_replica(data)
        log = data / "logs" / "tresen.log"
        if not log.is_file() or log.stat().st_size == 0:
            raise SmokeFailure(f"--language {language}: no log file {log}")
        line = " ".join(f"{k}={v}" for k, v in probe.items())
        print(f"ok    probe --language {language}: {line}; {wall:.1f} s for the whole run; replica and log there")
        self.times.append(f"probe {language}: ready after {probe['seconds']} s, {probe['rss_mb']} MB, "
                          f"{wall:.1f} s for the whole run")

    def check_replica(self, data: Path) -> None:
        head = migration_head(self.internal / "app" / "store" / "migrations" / "versions")
        version = db_value(data / "replica.sqlite3", "SELECT version_num FROM alembic_version")
        if version != head:
            raise SmokeFailure(f"replica {data / 'replica.sqlite3'} at revision {version!r}, the bundle's head is {head}")

    def unconfigured(self) -> None:
        data = self.tmp / "data-unconfigured"
        done, wall = self.run("--data-dir", str(data), "--startup-probe")
        if done.returncode != 2:
            raise SmokeFailure(f"an unconfigured register without --demo: exit status {done.returncode}, expected 2 "
                               f"(not set up)\n{self.output(done)}")
        self.check_replica(data)
        print(f"ok    unconfigured register: exit 2 (the set-up wizard's case), replica made; {wall:.1f} s")

    def demo_backend(self) -> None:
        data = self.tmp / "data-backend"
        replica, backend = data / "replica.sqlite3", data / "backend.sqlite3"
        head = migration_head(self.internal / "sync" / "server" / "migrations" / "versions")
        out = (self.tmp / "backend-run.log").open("w")
        start = time.monotonic()
        process = subprocess.Popen([str(self.exe), "--demo", "--data-dir", str(data), "--demo-history-days", "0"],
                                   cwd=self.cwd, env=self.env, stdout=out, stderr=subprocess.STDOUT)
        try:
            url = None
            while url is None:
                if process.poll() is not None:
                    raise SmokeFailure(f"the demo exited ({process.returncode}) before it enrolled:\n"
                                       f"{(self.tmp / 'backend-run.log').read_text()[-4000:]}")
                if time.monotonic() - start > BACKEND_TIMEOUT_S:
                    raise SmokeFailure(f"the demo did not enroll at its backend within {BACKEND_TIMEOUT_S} s:\n"
                                       f"{(self.tmp / 'backend-run.log').read_text()[-4000:]}\n"
                                       f"{(data / 'logs' / 'tresen.log').read_text()[-4000:]}")
                url = db_value(replica, "SELECT value FROM setting WHERE key = 'backend_url'")
                time.sleep(0.5)
            enrolled = time.monotonic() - start
            with urllib.request.urlopen(f"{url}/health", timeout=10) as answer:
                if answer.status != 200:
                    raise SmokeFailure(f"{url}/health answered {answer.status}")
            version = db_value(backend, "SELECT version_num FROM alembic_version")
            if version != head:
                raise SmokeFailure(f"the demo backend's database at {version!r}, the bundle's head is {head}")
            time.sleep(SETTLE_S)  # the first pull and the push channel: a module missing there is logged as an error
            if process.poll() is not None:
                raise SmokeFailure(f"the demo exited ({process.returncode}) after it enrolled")
            errors = [line for line in (data / "logs" / "tresen.log").read_text(encoding="utf-8").splitlines()
                      if re.match(r"\S+ \S+ (ERROR|CRITICAL) ", line)]
            if errors:
                raise SmokeFailure("the demo logged errors:\n" + "\n".join(errors[:20]))
        finally:
            process.send_signal(signal.SIGTERM if hasattr(signal, "SIGTERM") else signal.SIGINT)
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            out.close()
        print(f"ok    demo backend: enrolled at {url} after {enrolled:.1f} s, /health answers, "
              f"backend.sqlite3 at {head}")
        self.times.append(f"demo backend: register enrolled after {enrolled:.1f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bundle", nargs="?", type=Path,
                        default=Path(os.environ.get("TRESEN_DIST_DIR", ROOT / "dist")) / "tresen")
    parser.add_argument("--in-place", action="store_true", help="run the bundle where it is, without copying it")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (data folders, logs)")
    args = parser.parse_args(argv)
    bundle = args.bundle.resolve()
    exe_name = "tresen.exe" if os.name == "nt" else "tresen"
    if not (bundle / exe_name).is_file():
        print(f"no bundle at {bundle} (packaging/build.sh builds one)", file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="tresen-smoke-"))
    started = time.monotonic()
    try:
        if not args.in_place:
            t0 = time.monotonic()
            shutil.copytree(bundle, tmp / "opt" / "tresen", symlinks=True)
            bundle = tmp / "opt" / "tresen"
            print(f"bundle copied to {bundle} in {time.monotonic() - t0:.1f} s")
        smoke = Smoke(bundle / exe_name, bundle / "_internal", tmp)
        smoke.bundle_check()
        smoke.probe("de")
        smoke.probe("en")
        smoke.unconfigured()
        smoke.demo_backend()
    except (SmokeFailure, subprocess.TimeoutExpired, OSError) as exc:
        print(f"FAIL  {exc}", file=sys.stderr)
        print(f"smoke test FAILED (files in {tmp})", file=sys.stderr)
        return 1
    print("smoke test passed in {:.1f} s: {}".format(time.monotonic() - started, "; ".join(smoke.times)))
    if args.keep:
        print(f"files in {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
