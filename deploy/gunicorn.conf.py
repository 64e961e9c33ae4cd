"""gunicorn settings for a Clarion web host: `gunicorn -c deploy/gunicorn.conf.py clarion.wsgi`."""

import os

bind = os.environ.get("CLARION_BIND", "127.0.0.1:8000")
# Processes × threads: signing waits on the database more than on the CPU, so threads pay.
workers = int(os.environ.get("WEB_CONCURRENCY") or os.cpu_count() or 2)
worker_class = "gthread"
threads = int(os.environ.get("CLARION_THREADS", "4"))
# Keep-alive from nginx's upstream pool; a request never needs longer than timeout.
keepalive = 30
timeout = 30
graceful_timeout = 20
# Each worker loads the app after forking: no database connection is shared between processes.
preload_app = False
accesslog = "-"
# Access lines with private links' tokens masked and client addresses cut to their network.
logger_class = "clarion.core.accesslog.AccessLog"
errorlog = "-"
# gunicorn 25+ opens a control socket at one path per user ($HOME/.gunicorn/gunicorn.ctl): a second instance
# on the host takes it over and the first's exit removes it. Clarion does not use it.
control_socket_disable = True
forwarded_allow_ips = os.environ.get("CLARION_TRUSTED_PROXIES", "127.0.0.1")
