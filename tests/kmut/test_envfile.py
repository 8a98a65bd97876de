"""The `.env` file is read by the entry points, not by importing the settings (issue 19)."""

import os
import subprocess
import sys

from django.conf import settings

from kmut.envfile import read_env_file


def test_the_file_fills_in_what_the_environment_does_not_set(tmp_path, monkeypatch):
    env_file = tmp_path / ".env"
    env_file.write_text("KMUT_TEST_FROM_FILE=file\nKMUT_TEST_SET_ALREADY=file\n")
    monkeypatch.delenv("KMUT_TEST_FROM_FILE", raising=False)
    monkeypatch.setenv("KMUT_TEST_SET_ALREADY", "environment")
    read_env_file(env_file)
    assert os.environ["KMUT_TEST_FROM_FILE"] == "file"
    assert os.environ["KMUT_TEST_SET_ALREADY"] == "environment"
    monkeypatch.delenv("KMUT_TEST_FROM_FILE")
    read_env_file(tmp_path / "missing.env")  # no file: nothing happens


def test_every_entry_point_reads_it_before_the_settings_and_the_settings_do_not():
    for entry in ("manage.py", "kmut/wsgi.py", "kmut/asgi.py"):
        source = (settings.BASE_DIR / entry).read_text()
        assert source.index("read_env_file()") < source.index('"kmut.settings"'), entry
    settings_source = (settings.BASE_DIR / "kmut" / "settings.py").read_text()
    assert "read_env" not in settings_source.replace("read_env_file", "")
    # The settings import in a fresh process leaves os.environ as it was.
    program = (
        "import os, json; before = dict(os.environ); import kmut.settings; "
        "print(json.dumps(sorted(set(os.environ.items()) ^ set(before.items()))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", program],
        cwd=settings.BASE_DIR,
        env={"DJANGO_DEBUG": "true", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "[]"
