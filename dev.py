#!/usr/bin/env python3
"""The project's two commands, for a machine that has nothing but Python 3.11.

    python3 dev.py run     the site with sample content on http://127.0.0.1:8000/
    python3 dev.py test    the whole test suite

Both create `.venv/` and install `requirements.txt` into it when needed. With no
DATABASE_URL they use an embedded PostgreSQL whose data lives in `.pgdata/`.
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
REQUIREMENTS = ROOT / "requirements.txt"
INSTALLED_MARKER = VENV / ".requirements.sha256"


def ensure_environment():
    """Create the virtual environment and install the pinned requirements once."""
    wanted = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    if INSTALLED_MARKER.exists() and INSTALLED_MARKER.read_text() == wanted:
        return
    if not PYTHON.exists():
        print("Creating the virtual environment in .venv/ ...", flush=True)
        venv.create(VENV, with_pip=True)
    print("Installing requirements.txt ...", flush=True)
    subprocess.run([PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    subprocess.run([PYTHON, "-m", "pip", "install", "--quiet", "-r", REQUIREMENTS], check=True)
    INSTALLED_MARKER.write_text(wanted)


def manage(*args, settings="senate_press.settings.dev"):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings}
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def run():
    manage("migrate", "--no-input", "--verbosity", "0")
    manage("load_sample_content")
    manage("ensure_demo_admin")
    os.execv(PYTHON, [PYTHON, "manage.py", "runserver", "127.0.0.1:8000"])


def test(pytest_args):
    os.chdir(ROOT)
    os.execv(PYTHON, [PYTHON, "-m", "pytest", *pytest_args])


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in {"run", "test"}:
        sys.exit(__doc__)
    ensure_environment()
    if sys.argv[1] == "run":
        run()
    else:
        test(sys.argv[2:])


if __name__ == "__main__":
    main()
