"""A private PostgreSQL cluster a test owns: its own folder, its own loopback port, stopped and removed after.

PostgreSQL refuses to run as root (tests do), so initdb and pg_ctl run as the `postgres` OS user on a folder it
owns, outside pytest's tmp root (that one is mode 0700 to root: postgres could not reach a folder inside it).
"""

import glob
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.fixtures.mail import _free_port


def binaries():
    """The newest installed PostgreSQL's bin folder, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda path: int(path.split("/")[4]))
    return Path(found[-1]).parent if found else None


class Cluster:
    def __init__(self, bin_dir):
        self.bin = bin_dir
        self.folder = Path(tempfile.mkdtemp(prefix="clarion-pg-"))
        self.folder.chmod(0o755)  # traversable by postgres; the data folder inside is postgres's alone
        self.data, self.port = self.folder / "data", _free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}"

    def _as_postgres(self, *command, timeout=120):
        done = subprocess.run(["runuser", "-u", "postgres", "--", str(self.bin / command[0]), *command[1:]],
                              capture_output=True, text=True, timeout=timeout)
        assert done.returncode == 0, f"{command[0]}: {done.stdout}\n{done.stderr}\n{self.log()}"
        return done

    def init(self):
        self.data.mkdir()
        shutil.chown(self.data, "postgres", "postgres")
        shutil.chown(self.folder, "postgres", "postgres")
        self._as_postgres("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync",
                          "-E", "UTF8", "--locale", "C")

    def start(self):
        # Loopback only, its socket in its own folder, no fsync: a throwaway cluster that must be quick.
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off")
        self._as_postgres("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "postgres.log"),
                          "-w", "-t", "60", "start")

    def stop(self, mode="fast"):
        self._as_postgres("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def running(self):
        return subprocess.run(["runuser", "-u", "postgres", "--", str(self.bin / "pg_ctl"), "-D", str(self.data),
                               "status"], capture_output=True).returncode == 0

    def log(self):
        path = self.folder / "postgres.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def remove(self):
        """Stop (immediately, whatever state it is in) and delete everything; safe to call after any failure."""
        try:
            if self.data.exists() and self.running():
                self.stop("immediate")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
