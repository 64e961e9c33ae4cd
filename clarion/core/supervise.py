"""Keeps `manage.py serve`'s children running: one that exits is started again after a back-off, and the site
keeps serving meanwhile. Only a web server that never answered stops everything: restarting cannot mend a taken
port or a broken configuration, and without it there is no site to keep up."""

import signal
import subprocess
import time

FIRST_DELAY, LONGEST_DELAY = 1, 60
# A child that stayed up this long failed for a new reason: its next restart waits the first delay again.
STABLE_SECONDS = 60
STOP_WITHIN_SECONDS = 15


def describe_exit(returncode):
    if returncode < 0:
        try:
            return f"was killed by {signal.Signals(-returncode).name}"
        except ValueError:
            return f"was killed by signal {-returncode}"
    return f"exited with status {returncode}"


class Child:
    """One command serve runs: its current process, and when it is due to start again after an exit."""

    def __init__(self, name, command):
        self.name, self.command = name, command
        self.process, self.started_at, self.restart_at = None, 0.0, None
        self.delay, self.served = FIRST_DELAY, False

    @property
    def running(self):
        return self.process is not None and self.process.poll() is None

    def next_delay(self, now):
        """The wait before the restart now due: doubled after each quick exit, back to the first after a long run."""
        if now - self.started_at >= STABLE_SECONDS:
            self.delay = FIRST_DELAY
        delay, self.delay = self.delay, min(self.delay * 2, LONGEST_DELAY)
        return delay


class Supervisor:
    """Starts each command with `start(name, command)` (a Popen) and reports through `say(line)`; `web_listening()`
    tells whether the web server has ever bound its port (its own word, not a probe another server could answer)."""

    def __init__(self, commands, start, say, web_listening):
        self.children = [Child(name, command) for name, command in commands.items()]
        self.start, self.say, self.web_listening = start, say, web_listening

    def start_all(self):
        for child in self.children:
            self._spawn(child)
        self.say("Started " + ", ".join(f"{child.name} (pid {child.process.pid})" for child in self.children) + ".")

    def _spawn(self, child):
        child.process = self.start(child.name, child.command)
        child.started_at, child.restart_at = time.monotonic(), None

    def check(self, now=None):
        """Notes exits and restarts what is due; returns why everything must stop, or None."""
        now = time.monotonic() if now is None else now
        for child in self.children:
            if child.running:
                if child.name == "web" and not child.served:
                    child.served = self.web_listening()
            elif child.restart_at is None:
                status = describe_exit(child.process.returncode)
                if child.name == "web" and not child.served:
                    return f"The web server {status} before it answered; stopping the worker and the scheduler."
                delay = child.next_delay(now)
                child.restart_at = now + delay
                self.say(f"{child.name} (pid {child.process.pid}) {status}; restarting it in {delay} s.")
            elif now >= child.restart_at:
                self._spawn(child)
                self.say(f"{child.name} started again (pid {child.process.pid}).")
        return None

    def stop_all(self):
        """SIGTERM to each running child, SIGKILL to any still there after STOP_WITHIN_SECONDS."""
        running = [child.process for child in self.children if child.running]
        for process in running:
            process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_WITHIN_SECONDS
        for process in running:
            try:
                process.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
