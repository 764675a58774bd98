import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.factories.pages import translate_tree

FIXTURES = Path(__file__).parent / "fixtures"
MODULE = "field-safety"


def curriculum_copy(parent: Path) -> Path:
    """A copy of the fixture curriculum (en, fr, ar) in `parent`/curriculum."""
    directory = parent / "curriculum"
    directory.mkdir()
    for path in FIXTURES.glob("*.yaml"):
        shutil.copy(path, directory / path.name)
    return directory


@pytest.fixture
def curriculum_dir(tmp_path) -> Path:
    """A private copy of the fixture curriculum that a test may edit."""
    return curriculum_copy(tmp_path)


@pytest.fixture(scope="module")
def module_curriculum_dir(tmp_path_factory) -> Path:
    """A copy of the fixture curriculum for a module's shared rows; tests don't edit it."""
    return curriculum_copy(tmp_path_factory.mktemp("module"))


def curriculum_edit(directory: Path, filename: str, change: Callable[[dict], None]) -> None:
    """Apply `change` to the parsed file and write it back."""
    path = directory / filename
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")


@pytest.fixture
def translated_catalogue(catalogue):
    """The catalogue (and home page) in en, fr and ar."""
    home = catalogue.get_parent()
    translate_tree(home, "fr")
    translate_tree(home, "ar")
    return catalogue
