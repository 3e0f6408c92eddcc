"""The README stays true: every page, command and setting it should name is named."""

from __future__ import annotations

import re
from pathlib import Path

from evaldash import cli, i18n, site

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_page_in_the_navigation_is_described():
    paths = {p.key: Path(p.script).stem for p in site.PAGES}
    assert paths, "no page in the registry (evaldash.site.PAGES)"
    for path in paths:
        for lang in i18n.LANGUAGES:
            title = i18n.t(f"nav.{path}", lang)
            assert title in README, f"README does not describe page {path} ({title})"
    pages = sorted(p.stem for p in (ROOT / "pages").glob("*.py"))
    assert pages == sorted(paths.values()), "every file in pages/ must be in the registry and back"
    assert all(p.roles for p in site.PAGES), "every page says which roles may open it"
    app = (ROOT / "app.py").read_text(encoding="utf-8")
    assert "site.PAGES" in app or "site.allowed" in app, "app.py builds its menu from the registry"


def test_every_cli_command_is_documented():
    for command in cli.COMMANDS:
        assert f"`{command}" in README, f"README does not document `{command}`"


def test_every_setting_is_documented():
    config = (ROOT / "src" / "evaldash" / "config.py").read_text(encoding="utf-8")
    for name in sorted(set(re.findall(r"EVALDASH_[A-Z_]+", config))):
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
