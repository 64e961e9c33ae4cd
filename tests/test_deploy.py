"""An operator follows docs/deploy.md: two web hosts, two workers and the scheduler behind nginx with TLS, on
PostgreSQL and Redis. A supporter then signs through nginx, confirms from the mail a worker sent, and the
count nginx serves goes up. Plain HTTP is sent to HTTPS, a restricted document is out of reach under /media/,
and nginx's access log holds no working link.

Every command run here must appear word for word in docs/deploy.md. Needs PostgreSQL and Redis on loopback
and nginx (`.ci/run` installs it); skipped without them unless CLARION_REQUIRE_DEPLOY=1. It builds its own
PostgreSQL deployment whatever the suite runs on, so `make test` runs it and `make test-scale` does not repeat it.
"""

import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "deploy.md").read_text()
SERVER = "postgres://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379/14"

ONCE = [
    ".venv/bin/python manage.py migrate --noinput",
    ".venv/bin/python manage.py check --deploy",
    "DJANGO_SUPERUSER_PASSWORD='choose a long passphrase' .venv/bin/python manage.py createsuperuser --noinput "
    "--username admin --email admin@appeal.example.org",
    ".venv/bin/python manage.py collectstatic --noinput",
]
WEB = ".venv/bin/gunicorn -c deploy/gunicorn.conf.py clarion.wsgi"
WORKER = ".venv/bin/python manage.py rqworker --job-class django_tasks_rq.Job default"
SCHEDULER = ".venv/bin/python manage.py run_scheduler"
LOAD_ENV = "set -a && . /etc/clarion.env && set +a"


def _nginx_missing():
    if shutil.which("nginx") is None:
        if os.environ.get("CLARION_REQUIRE_DEPLOY") == "1":
            pytest.fail("nginx is required for the deployment sample's tests")
        pytest.skip("nginx is not installed")


def _missing():
    if os.environ.get("DATABASE_URL"):
        return "ran already under make test (this run is the scale-out suite)"
    if shutil.which("nginx") is None:
        return "nginx is not installed"
    if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"]).returncode:
        return "PostgreSQL does not answer on 127.0.0.1:5432"
    if subprocess.run(["redis-cli", "-u", REDIS, "ping"], capture_output=True).returncode:
        return "Redis does not answer on 127.0.0.1:6379"
    return None


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _read_env_file(path):
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if line and not line.startswith("#"))
    return {key: value for key, value in pairs}


class Hosts:
    """The processes the doc starts, each in its own process group, all stopped at the end."""

    def __init__(self, folder):
        self.folder = folder
        self.running = []

    def shell(self, command, env, timeout=300):
        assert command in DOC, f"docs/deploy.md does not give {command!r}"
        done = subprocess.run(["bash", "-c", command], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=timeout)
        assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
        return done

    def start(self, name, command, env):
        assert command in DOC, f"docs/deploy.md does not give {command!r}"
        log = open(self.folder / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(["bash", "-c", f"exec {command}"], cwd=ROOT, env=env, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        self.running.append((process, log))
        return process

    def log(self, name):
        return (self.folder / f"{name}.log").read_text(errors="replace")

    def stop_all(self):
        for process, _log in self.running:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process, log in self.running:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
            log.close()


def _certificate(folder):
    """A self-signed certificate for 127.0.0.1, in place of the operator's (the sample's paths marked EDIT)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


@pytest.fixture
def deployment(tmp_path, smtp_server, monkeypatch):
    missing = _missing()
    if missing:
        if os.environ.get("CLARION_REQUIRE_DEPLOY") == "1" and not os.environ.get("DATABASE_URL"):
            pytest.fail(f"the deployment test is required: {missing}")
        pytest.skip(missing)
    import psycopg

    name = f"clarion_deploy_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    subprocess.run(["redis-cli", "-u", REDIS, "flushdb"], check=True, capture_output=True)
    nginx_port = _free_port()
    cert, _key = _certificate(tmp_path)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))  # requests believes the test's certificate
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DJANGO_", "CLARION_", "DATABASE_URL", "REDIS_URL", "EMAIL_URL"))}
    # The example file, with this machine's addresses in place of the values an operator fills in.
    env.update(_read_env_file(ROOT / "deploy" / "clarion.env.example"))
    env.update(DATABASE_URL=f"{SERVER}/{name}", REDIS_URL=REDIS, EMAIL_URL=f"smtp://127.0.0.1:{smtp_server.port}",
               CLARION_BASE_URL=f"https://127.0.0.1:{nginx_port}", SECRET_KEY=secrets.token_urlsafe(50),
               CLARION_DATA_DIR=str(tmp_path / "shared"), CLARION_TRUSTED_PROXIES="127.0.0.1",
               WEB_CONCURRENCY="2", LOG_LEVEL="WARNING")
    hosts = Hosts(tmp_path)
    try:
        yield hosts, env, nginx_port
    finally:
        hosts.stop_all()
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        subprocess.run(["redis-cli", "-u", REDIS, "flushdb"], capture_output=True)


def _nginx_site(env, web_ports, port, http_port, folder):
    """deploy/nginx/clarion.conf with the lines marked EDIT changed, as the doc tells the operator."""
    site = (ROOT / "deploy" / "nginx" / "clarion.conf").read_text()
    site = re.sub(r"^\s*server 10\.0\.0\.\d+:8000;.*\n", "", site, flags=re.M)
    servers = "".join(f"    server 127.0.0.1:{p};\n" for p in web_ports)
    site = site.replace("upstream clarion_web {\n", "upstream clarion_web {\n" + servers)
    site = re.sub(r"listen 80;.*", f"listen 127.0.0.1:{http_port};", site)
    site = re.sub(r"listen 443 ssl", f"listen 127.0.0.1:{port} ssl", site)
    site = re.sub(r"/etc/letsencrypt/live/appeal.example.org/(\w+)\.pem",
                  lambda m: str(folder / ("cert.pem" if m.group(1) == "fullchain" else "key.pem")), site)
    site = site.replace("/var/log/nginx/", "logs/").replace("/var/cache/nginx/", f"{folder}/nginx-cache/")
    data = env["CLARION_DATA_DIR"]
    site = site.replace("/srv/clarion/var/", f"{data}/")
    assert "EDIT" not in re.sub(r"#.*", "", site)
    return site


def _write_nginx(hosts, site):
    """A private nginx prefix in the test's folder: its nginx.conf includes `site` as the operator's would."""
    prefix = hosts.folder / "nginx"
    (prefix / "logs").mkdir(parents=True)
    (hosts.folder / "nginx-cache").mkdir()  # as /var/cache/nginx/ exists on the load balancer
    (prefix / "clarion.conf").write_text(site)
    (prefix / "nginx.conf").write_text(
        "user root;\ndaemon off;\npid nginx.pid;\nerror_log logs/error.log;\nevents {}\n"
        "http {\n  include /etc/nginx/mime.types;\n  access_log logs/access.log;\n"
        "  client_body_temp_path tmp_body;\n  proxy_temp_path tmp_proxy;\n  fastcgi_temp_path tmp_fastcgi;\n"
        "  uwsgi_temp_path tmp_uwsgi;\n  scgi_temp_path tmp_scgi;\n  include clarion.conf;\n}\n")
    return prefix


def _start_nginx(hosts, env, web_ports, port, http_port):
    prefix = _write_nginx(hosts, _nginx_site(env, web_ports, port, http_port, hosts.folder))
    command = ["nginx", "-p", str(prefix), "-c", str(prefix / "nginx.conf")]
    assert "nginx -t" in DOC
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    log = open(prefix / "logs" / "stdout.log", "wb")  # noqa: SIM115 (closed with the process)
    hosts.running.append((subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                           start_new_session=True), log))


def _wait_for(url, deadline=60, status=200, headers=None):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            # A first render draws image renditions: allow it time.
            if requests.get(url, timeout=60, headers=headers).status_code == status:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} did not answer {status} within {deadline} s")


def _received(smtp_server, address, deadline=60):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if smtp_server.to(address):
            return smtp_server.to(address)[0]
        time.sleep(0.3)
    raise AssertionError(f"no mail reached {address} within {deadline} s")


def test_the_sample_with_its_micro_cache_passes_nginx_t(tmp_path):
    _nginx_missing()
    hosts = Hosts(tmp_path)
    _certificate(tmp_path)
    site = _nginx_site({"CLARION_DATA_DIR": str(tmp_path / "shared")}, [_free_port()], _free_port(), _free_port(),
                       tmp_path)
    assert "proxy_cache clarion_pages;" in site and "proxy_cache_valid 200 3s;" in site
    _write_nginx(hosts, site)
    command = ["nginx", "-p", str(tmp_path / "nginx"), "-c", str(tmp_path / "nginx" / "nginx.conf"), "-t"]
    checked = subprocess.run(command, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


@pytest.mark.django_db(transaction=True)
def test_nginx_renders_a_public_page_once_for_every_anonymous_visitor(live_server, _migrations_data, tmp_path,
                                                                      monkeypatch):
    """The sample's micro-cache in front of a live Clarion: a second visitor without cookies gets nginx's copy,
    a visitor with a session never does, an answer that sets a cookie or is private is never kept, and an
    editor's publish reaches everyone within the few seconds a copy lives."""
    from tests.factories import make_home

    _nginx_missing()
    home = make_home("Tamsin Valley Appeal")
    cert, _key = _certificate(tmp_path)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))
    hosts = Hosts(tmp_path)
    port = _free_port()
    try:
        _start_nginx(hosts, {"CLARION_DATA_DIR": str(tmp_path / "shared")}, [live_server.thread.port], port,
                     _free_port())
        base = f"https://127.0.0.1:{port}"
        _wait_for(base + "/nowhere/", status=404)

        first, second = requests.get(base + "/", timeout=30), requests.get(base + "/", timeout=30)
        assert first.headers["X-Cache-Status"] == "MISS" and second.headers["X-Cache-Status"] == "HIT"
        assert "<title>Tamsin Valley Appeal" in second.text and second.text == first.text

        with_session = requests.get(base + "/", cookies={"sessionid": "x"}, timeout=30)
        assert with_session.headers["X-Cache-Status"] == "BYPASS"
        # The sign-in page sets the CSRF cookie and is private: rendered afresh every time.
        for _ in range(2):
            login = requests.get(base + "/admin/login/", timeout=30)
            assert login.status_code == 200 and "csrftoken" in login.cookies
            assert login.headers["X-Cache-Status"] != "HIT"
        posted = requests.post(base + "/", data={"x": "1"}, timeout=30)
        assert posted.headers.get("X-Cache-Status") != "HIT"

        home.title = "Tamsin Valley: the decision is tomorrow"
        home.save_revision().publish()
        # Until the copy's 3 s are over nginx may still answer the old page (how soon depends on the machine).
        published = time.monotonic()
        while "the decision is tomorrow" not in (after := requests.get(base + "/", timeout=30)).text:
            if time.monotonic() - published > 10:  # the copy lives 3 s; a loaded machine gets some slack
                direct = requests.get(f"{live_server.url}/", timeout=30)
                pytest.fail(f"the publish had not reached nginx's visitors 10 s later (nginx: "
                            f"{after.headers.get('X-Cache-Status')}; Clarion itself serves the "
                            f"{'new' if 'the decision is tomorrow' in direct.text else 'old'} title)")
            time.sleep(0.5)
    finally:
        hosts.stop_all()


def test_units_start_the_tested_commands():
    for unit in (ROOT / "deploy" / "systemd").glob("*.service"):
        [start] = re.findall(r"^ExecStart=/srv/clarion/(.*)$", unit.read_text(), flags=re.M)
        assert start in (WEB, WORKER, SCHEDULER), unit.name
    assert LOAD_ENV in DOC


@pytest.mark.django_db
def test_operator_deploys_two_web_hosts_and_two_workers_behind_nginx(deployment, smtp_server):
    hosts, env, port = deployment
    for command in ONCE:
        hosts.shell(command, env)
    subprocess.run([str(ROOT / ".venv/bin/python"), "manage.py", "load_demo"], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=300)
    web_ports = [_free_port(), _free_port()]
    for n, web_port in enumerate(web_ports):
        hosts.start(f"web{n}", WEB, {**env, "CLARION_BIND": f"127.0.0.1:{web_port}"})
    for n in range(2):
        hosts.start(f"worker{n}", WORKER, env)
    hosts.start("scheduler", SCHEDULER, env)
    for web_port in web_ports:
        # As nginx asks: over TLS (a plain request is sent to HTTPS by the web host itself).
        _wait_for(f"http://127.0.0.1:{web_port}/petition/", deadline=90, headers={"X-Forwarded-Proto": "https"})
    http_port = _free_port()
    _start_nginx(hosts, env, web_ports, port, http_port)
    base = f"https://127.0.0.1:{port}"
    _wait_for(base + "/petition/")

    plain = requests.get(f"http://127.0.0.1:{http_port}/petition/?ref=x", allow_redirects=False, timeout=10)
    assert plain.status_code == 301 and plain.headers["Location"] == "https://127.0.0.1/petition/?ref=x"
    secure = requests.get(base + "/petition/", timeout=30)
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")

    static = requests.get(base + "/static/clarion/css/site.css", timeout=10)
    assert static.status_code == 200 and "immutable" in static.headers["Cache-Control"]
    assert "/static/clarion/css/site." in requests.get(base + "/", timeout=60).text
    # Both web hosts answer through nginx (each query its own page: nginx's micro-cache would answer repeats).
    for n in range(6):
        assert requests.get(base + f"/petition/?n={n}", timeout=30).status_code == 200
    assert all("GET /petition/" in hosts.log(f"web{n}") for n in range(2))
    # Two gunicorns on one host must not fight over gunicorn's one control socket per user.
    assert not any("Control socket" in hosts.log(f"web{n}") for n in range(2))

    page = requests.get(base + "/petition/", timeout=30).text
    sign_path = re.search(r'action="(/petitions/\d+/sign/)"', page).group(1)
    form = {"name": "Miriam Rezaei", "email": "miriam@example.org", "country": "DE", "postal_code": "",
            "comment": "", "website": "", "elapsed": "8000"}
    count_path = sign_path.replace("sign/", "count.json")
    before = requests.get(base + count_path, timeout=10).json()["signature_count"]
    assert requests.post(base + sign_path, data=form, allow_redirects=False, timeout=30).status_code == 302

    mail = _received(smtp_server, "miriam@example.org")
    link = re.search(r"\S*/petitions/confirm/[^/\s]+/", mail.get_body(("plain",)).get_content()).group(0)
    assert link.startswith(base)
    assert requests.get(link, allow_redirects=False, timeout=30).status_code == 302
    end = time.monotonic() + 60
    while requests.get(base + count_path, timeout=10).json()["signature_count"] != before + 1:
        assert time.monotonic() < end, "the count never rose: " + hosts.log("worker0")[-2000:]
        time.sleep(0.5)

    # A flood of signing posts from one address waits at nginx beyond its burst; Clarion refuses the rest.
    def post(_):
        return requests.post(base + sign_path, data={"name": ""}, allow_redirects=False, timeout=30).status_code

    with ThreadPoolExecutor(40) as pool:  # all at once: nginx lets the burst of 20 through and no more
        statuses = list(pool.map(post, range(60)))
    assert set(statuses) <= {400, 503} and statuses.count(503) >= 20, statuses

    # Neither nginx's access log nor the web hosts' keep the working confirmation link or a full address.
    token = link.rstrip("/").rsplit("/", 1)[1]
    access = (hosts.folder / "nginx" / "logs" / "clarion.access.log").read_text()
    assert re.search(r'^127\.0\.0\.0 .*"GET /petitions/confirm/\*{5}/ HTTP/1\.1" 302', access, flags=re.M), access
    assert "127.0.0.1" not in access
    assert all(token not in text for text in (access, hosts.log("web0"), hosts.log("web1")))

    _documents_are_served_only_through_clarion(env, base, port)
    assert "script-src 'self'" in secure.headers["Content-Security-Policy"]


def _documents_are_served_only_through_clarion(env, base, port):
    """A public document comes through Wagtail's view and nginx's internal location; one in a collection for
    logged-in staff is refused there, and no path under /media/ reaches it."""
    made = subprocess.run([str(ROOT / ".venv/bin/python"), "manage.py", "shell", "-c", DOCUMENTS], cwd=ROOT,
                          env=env, check=True, capture_output=True, text=True, timeout=120)
    public, private = json.loads(made.stdout.strip().splitlines()[-1])
    served = requests.get(base + public["url"], timeout=30)
    assert served.status_code == 200 and served.content == b"%PDF-1.4 public report"
    assert "X-Accel-Redirect" not in served.headers
    refused = requests.get(base + private["url"], allow_redirects=False, timeout=30)
    assert refused.status_code == 302 and "/login" in refused.headers["Location"]
    name = private["name"]
    context = ssl.create_default_context(cafile=os.environ["REQUESTS_CA_BUNDLE"])
    for path in (f"/media/{name}", f"/media//{name}", f"/media/images/../{name}", f"/media/images/%2e%2e/{name}",
                 f"/media/original_images/..%2f{name}", f"/private-media/{name}", f"/media/./{name}"):
        connection = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=30)
        connection.request("GET", path)  # sent as written: no client-side clean-up of the dots
        answer = connection.getresponse()
        body = answer.read()
        connection.close()
        assert answer.status in (400, 404) and b"witnesses" not in body, (path, answer.status)


DOCUMENTS = """
import json
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction
root = Collection.get_first_root_node()
staff = root.add_child(name="Witness statements")
CollectionViewRestriction.objects.create(collection=staff, restriction_type=CollectionViewRestriction.LOGIN)
public = Document(title="Report", collection=root)
public.file.save("report.pdf", ContentFile(b"%PDF-1.4 public report"))
private = Document(title="Witnesses", collection=staff)
private.file.save("witnesses.pdf", ContentFile(b"%PDF-1.4 names of the witnesses"))
print(json.dumps([{"url": d.url, "name": d.file.name} for d in (public, private)]))
"""
