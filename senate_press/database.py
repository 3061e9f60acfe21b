"""Where the database lives: DATABASE_URL if set, else an embedded PostgreSQL.

The embedded server (the `pgserver` package) keeps its data under `.pgdata/`
in the project folder and keeps running between commands, so a newcomer needs
nothing but Python.
"""

import json
import os
import warnings
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

EMBEDDED_DATA_DIR = Path(__file__).resolve().parent.parent / ".pgdata"
EMBEDDED_DATABASE_NAME = "senate_press"


def database_config(conn_max_age=0, pool=None):
    """The server DATABASE_URL names; importing settings never starts one.

    `pool`: psycopg_pool's options for a pool of connections in each process, or None for
    a connection kept `conn_max_age` seconds and checked before reuse.
    """
    url = os.environ.get("DATABASE_URL")
    if not url:
        raise ImproperlyConfigured("Set DATABASE_URL in the environment.")
    if pool:
        config = dj_database_url.parse(url)
        config.setdefault("OPTIONS", {})["pool"] = pool
        return config
    return dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=conn_max_age > 0)


def development_database_config():
    """DATABASE_URL if set, else the embedded server (started if needed): for dev and test settings only."""
    url = os.environ.get("DATABASE_URL") or embedded_database_url()
    return dj_database_url.parse(url)


def embedded_database_url(name=EMBEDDED_DATABASE_NAME):
    discard_corrupt_pid_list()
    with warnings.catch_warnings():
        # platformdirs warns that XDG_RUNTIME_DIR is unset, which is harmless here.
        warnings.simplefilter("ignore")
        import pgserver

        server = pgserver.get_server(EMBEDDED_DATA_DIR, cleanup_mode=None)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}';")
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {name};")
    return server.get_uri(name)


def discard_corrupt_pid_list():
    """pgserver notes its clients' process ids in a JSON file; a client killed while
    writing it leaves it empty, and every later start fails on it. We never stop the
    server on exit, so the list can simply be dropped."""
    pid_list = EMBEDDED_DATA_DIR / ".handle_pids.json"
    try:
        json.loads(pid_list.read_text())
    except FileNotFoundError:
        pass
    except ValueError:
        pid_list.unlink(missing_ok=True)
