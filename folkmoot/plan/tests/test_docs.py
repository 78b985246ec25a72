"""The schema document names every field the validator accepts, and its example is a valid plan."""

import re
from pathlib import Path

import yaml

from folkmoot.plan import catalogue, schema, services

DOC = (Path(__file__).resolve().parent.parent / "docs" / "plan-schema.md").read_text()


def _leaves(spec, prefix=""):
    for key, value in spec.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict) and not path.startswith("duties"):
            yield from _leaves(value, path)
        else:
            yield path


def test_every_field_is_documented():
    missing = [p for p in _leaves(schema.SPEC) if not p.startswith("duties") and f"`{p}`" not in DOC]
    assert missing == []
    for duty in schema.DUTIES:
        assert f"`{duty}`" in DOC


def test_every_method_id_is_documented():
    assert [m["id"] for m in catalogue.methods() if f"`{m['id']}`" not in DOC] == []


def test_the_example_is_a_valid_plan():
    example = re.search(r"## Example\n\n```yaml\n(.*?)```", DOC, re.S).group(1)
    data = services.parse_yaml(example)
    assert data["level"] == "involve" and yaml.safe_load(example)["schema_version"] == 1
