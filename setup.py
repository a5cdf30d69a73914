"""Build step of the package: compile the translation catalogues into the wheel.

The metadata lives in pyproject.toml; this only adds a build_py that writes a
.mo beside every .po it copies (the .mo files are not kept in git), so that an
installed tuphap serves Vietnamese without `make`.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


def _catalogues_module() -> ModuleType:
    """tuphap/core/catalogues.py loaded by path: the build imports nothing of tuphap (nor Django)."""
    spec = importlib.util.spec_from_file_location("_tuphap_catalogues", HERE / "src/tuphap/core/catalogues.py")
    assert spec and spec.loader  # noqa: S101
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BuildPyWithCatalogues(build_py):
    """build_py, then every locale/*/LC_MESSAGES/*.po in the build tree compiled to .mo."""

    def run(self) -> None:
        super().run()
        self._mo_files = [
            str(mo) for mo in _catalogues_module().compile_catalogues(Path(self.build_lib) / "tuphap", force=True)
        ]

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        return [*super().get_outputs(include_bytecode), *getattr(self, "_mo_files", [])]


setup(cmdclass={"build_py": BuildPyWithCatalogues})
