"""Importing settings has no side effects: only dev and test settings start the embedded PostgreSQL."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def import_settings(module, **environ):
    environ = {key: value for key, value in {**os.environ, **environ}.items() if value is not None}
    script = f"import sys, {module}; print('pgserver' in sys.modules)"
    return subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=environ, capture_output=True, text=True)


def test_importing_the_shared_settings_starts_no_database_server():
    result = import_settings("senate_press.settings.base", DATABASE_URL=None)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_production_settings_without_a_database_say_what_is_missing():
    result = import_settings("senate_press.settings.prod", DATABASE_URL=None, SECRET_KEY="x")
    assert result.returncode != 0
    assert "Set DATABASE_URL in the environment." in result.stderr
    assert "pgserver" not in result.stderr
