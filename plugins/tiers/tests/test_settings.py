"""The documented settings: config.example.toml carries the defaults, and both ready examples in
docs/tiers.md are valid settings."""
import re
import tomllib
from pathlib import Path

import pytest
from pydantic import ValidationError

from plugins.tiers.settings import TiersSettings

REPO = Path(__file__).resolve().parents[3]


def test_the_example_config_shows_the_defaults():
    example = tomllib.loads((REPO / "config.example.toml").read_text())["plugins"]["tiers"]
    assert TiersSettings.model_validate(example).model_dump() == TiersSettings().model_dump()


@pytest.mark.parametrize("slug", ["club", "zhongwen"])
def test_the_ready_examples_in_the_docs_are_valid(slug):
    blocks = re.findall(r"```toml\n(.*?)```", (REPO / "docs" / "tiers.md").read_text(), re.S)
    communities = [tomllib.loads(block)["communities"] for block in blocks if "[communities." in block]
    [settings] = [c[slug]["settings"]["tiers"] for c in communities if slug in c]
    parsed = TiersSettings.model_validate(settings)
    assert [t.key for t in parsed.tiers] == ["newcomer", "member", "core", "elder"]


def test_tiers_must_climb_from_zero():
    with pytest.raises(ValidationError, match="thresholds rising"):
        TiersSettings.model_validate({"tiers": [{"key": "a", "name": "A", "name_zh": "甲", "xp": 10}]})
    with pytest.raises(ValidationError, match="coefficients"):
        TiersSettings.model_validate({"curve": [0, 5]})


UNPUBLISHED: set[str] = set()  # a default source no shipped plugin publishes yet (say so in the docs' Not yet)


def test_the_default_sources_are_the_kinds_the_shipped_plugins_publish():
    published = set()
    for path in (REPO / "plugins").glob("*/*.py"):
        if path.parts[-2] != "tiers":
            published |= set(re.findall(r'Activity\([^)]*kind="([^"]+)"', path.read_text(encoding="utf-8")))
            published |= set(re.findall(r'checked_in\([^)]*"([a-z-]+)"\)', path.read_text(encoding="utf-8")))
    assert set(TiersSettings().sources) - UNPUBLISHED <= published
    assert not UNPUBLISHED & published  # once published, drop it from UNPUBLISHED and the docs' Not yet
