"""Gunicorn for production: `gunicorn -c gunicorn.conf.py`. Every value can be set from the environment."""

import multiprocessing
import os

wsgi_app = "senate_press.wsgi:application"
bind = os.environ.get("BIND", "127.0.0.1:8000")
# Synchronous workers: pages are short database reads. Two per core, plus one.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# A request that takes longer than this is stuck; its worker is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so no slow leak grows unnoticed.
max_requests = 10000
max_requests_jitter = 1000
# Load the app once, then fork: workers share its memory and start quickly.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_fork(server, worker):
    from senate_press.runtime import tune_garbage_collector

    tune_garbage_collector()
