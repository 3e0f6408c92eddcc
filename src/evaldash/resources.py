"""Files that ship with evaldash: reference data, the dashboard's scripts and settings, fonts.

An installed evaldash (from a wheel) carries them as package data, read through
:mod:`importlib.resources`: ``evaldash/data/*.csv``, ``evaldash/dashboard/`` (``app.py``,
``pages/``, ``.streamlit/config.toml``) and ``evaldash/fonts/``. In a checkout the first two
are at the top of the repository (``data/``, ``app.py``, ``pages/``, ``.streamlit/``), their
one source: the wheel's build copies them into the package (``pyproject.toml``,
``[tool.hatch.build.targets.wheel.force-include]``). The fonts live in the package either way.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from evaldash.errors import ConfigError

PACKAGE: Traversable = resources.files("evaldash")
FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
"""DejaVu Sans regular and bold (every Latvian letter), in ``evaldash/fonts/`` with their
licence (``LICENSE``)."""


def checkout() -> Path | None:
    """The repository evaldash runs from (``src/evaldash`` in it), or None when installed."""
    if not isinstance(PACKAGE, Path):
        return None
    root = PACKAGE.resolve().parents[1]
    shipped = ("pyproject.toml", "app.py", "data")
    return root if all((root / name).exists() for name in shipped) else None


def data_file(name: str) -> Traversable:
    """A reference table shipped in ``data/`` (e.g. ``services.csv``).

    Raises:
        ConfigError: when neither the installed package nor a checkout holds it.
    """
    return _shipped(PACKAGE / "data", "data", name)


def dashboard() -> Path:
    """The folder of the dashboard's entry script ``app.py``, its ``pages/`` and settings.

    Streamlit runs files: the package must be installed as files (as pip installs a wheel),
    not imported from a zip archive.

    Raises:
        ConfigError: when neither the installed package nor a checkout holds ``app.py``.
    """
    app = _shipped(PACKAGE / "dashboard", "", "app.py")
    if not isinstance(app, Path):
        raise ConfigError(
            f"evaldash is installed as an archive ({PACKAGE}); the dashboard needs its files: "
            "install the wheel with pip."
        )
    return app.parent


def font(name: str) -> Traversable:
    """One of :data:`FONTS`, shipped with the package."""
    return PACKAGE / "fonts" / name


def _shipped(installed: Traversable, folder: str, name: str) -> Traversable:
    """``name`` in the installed package's copy ``installed``, else in the checkout's ``folder``."""
    if installed.joinpath(name).is_file():
        return installed / name
    root = checkout()
    if root is not None and (root / folder / name).is_file():
        return root / folder / name
    raise ConfigError(
        f"evaldash's {name} is missing: neither the installed package ({installed}) nor a "
        "checkout holds it. Reinstall evaldash (pip install --force-reinstall evaldash-*.whl)."
    )
