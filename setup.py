"""Build hook: a wheel carries the top-level locales/ and config.example.toml inside `bot`.

They stay at the top of the source tree, where contributors look for them; bot/shipped.py
finds them in the installed package, or in the source tree for a checkout or an editable
install. Everything else about the build is in pyproject.toml.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SOURCE_TREE = Path(__file__).resolve().parent
SHIPPED = ("locales", "config.example.toml")


class BuildPyWithShippedFiles(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads them from the source tree
        target = Path(self.build_lib) / "bot" / "shipped"
        target.mkdir(parents=True, exist_ok=True)
        for name in SHIPPED:
            source = SOURCE_TREE / name
            if source.is_dir():
                shutil.copytree(source, target / name, dirs_exist_ok=True)
            else:
                shutil.copyfile(source, target / name)


setup(cmdclass={"build_py": BuildPyWithShippedFiles})
