"""The README stays true: every page, command and setting it should name is named."""

from __future__ import annotations

import re
from pathlib import Path

from evaldash import cli, i18n

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_page_in_the_navigation_is_described():
    app = (ROOT / "app.py").read_text(encoding="utf-8")
    keys = re.findall(r'st\.Page\(\s*"pages/\w+\.py",\s*title=t\("([\w.]+)"', app)
    assert keys, "no st.Page(...) with a localized title found in app.py"
    for key in keys:
        for lang in i18n.LANGUAGES:
            assert i18n.t(key, lang) in README, f"README does not describe page {key} ({lang})"
    pages = sorted(p.name for p in (ROOT / "pages").glob("*.py"))
    linked = sorted(re.findall(r'"pages/(\w+\.py)"', app))
    assert pages == linked, "every file in pages/ must be in st.navigation and vice versa"


def test_every_cli_command_is_documented():
    for command in cli.COMMANDS:
        assert f"`{command}" in README, f"README does not document `{command}`"


def test_every_setting_is_documented():
    config = (ROOT / "src" / "evaldash" / "config.py").read_text(encoding="utf-8")
    for name in sorted(set(re.findall(r"EVALDASH_[A-Z_]+", config))):
        if name != "EVALDASH_DATA_DIR":  # a packaging knob, not a user setting
            assert name in README, f"README does not document {name}"


def test_the_two_readme_commands_are_what_ci_runs():
    assert "pip install -r requirements.txt && streamlit run app.py" in README
    assert "python -m pytest" in README
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install --quiet --disable-pip-version-check -r requirements.txt" in ci
    assert ci.strip().splitlines()[-1] == "python -m pytest"


def test_readme_screenshot_exists():
    for image in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README):
        assert (ROOT / image).is_file(), f"README shows {image}, which does not exist"
