"""gunicorn settings of the portal: `gunicorn -c deploy/gunicorn.conf.py` (see docs/deploy.md).

Read from the environment (the systemd unit loads /etc/anjian/anjian.env), like the portal's own settings:
GUNICORN_BIND, GUNICORN_WORKERS, GUNICORN_THREADS, GUNICORN_TIMEOUT, GUNICORN_MAX_REQUESTS,
GUNICORN_FORWARDED_ALLOW_IPS, GUNICORN_LOG_LEVEL, GUNICORN_PROC_NAME (see .env.example).
"""

import multiprocessing
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# Not bureau.env: importing the portal's package into the master would keep its old modules alive in every
# worker forked after a reload (`systemctl reload anjian-web`) of upgraded code.
def env_str(name, default):
    return os.environ.get(name) or default


def env_int(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise RuntimeError(f"{name}={value!r} is not an integer.") from None


wsgi_app = "bureau.wsgi:application"
chdir = str(ROOT)

# nginx on the same host talks to 127.0.0.1:8001; nothing else should reach gunicorn directly.
bind = [address.strip() for address in env_str("GUNICORN_BIND", "127.0.0.1:8001").split(",") if address.strip()]
# The usual rule for synchronous workers: two per core plus one.
workers = env_int("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1)
threads = env_int("GUNICORN_THREADS", 1)
# A request taking longer than this is killed; nginx's proxy_read_timeout is set a little higher.
timeout = env_int("GUNICORN_TIMEOUT", 60)
graceful_timeout = 30
keepalive = 5
# Recycle each worker after about this many requests (jittered so they do not all restart at once): a slow leak
# in a library then never grows without bound.
max_requests = env_int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = max(max_requests // 10, 1) if max_requests else 0

# X-Forwarded-Proto is trusted only from the proxy's address.
forwarded_allow_ips = env_str("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Both logs to stderr: journald keeps them. The access line carries the request id that nginx generated and the
# portal echoed in X-Request-ID, so one id finds the request in nginx's, gunicorn's and the portal's logs.
accesslog = "-"
errorlog = "-"
loglevel = env_str("GUNICORN_LOG_LEVEL", "info")
access_log_format = (
    '%(h)s "%(r)s" %(s)s %(b)s %(M)sms request_id=%({x-request-id}o)s client=%({x-forwarded-for}i)s "%(a)s"'
)

# gunicorn 25+ opens a control socket in the user's home by default; the service has no writable home
# (ProtectHome, ProtectSystem) and two instances on one host would share it.
control_socket_disable = True
proc_name = env_str("GUNICORN_PROC_NAME", "anjian-web")
