"""Interpolation: every Compose form, nested defaults, `$$`, errors and warnings."""

from __future__ import annotations

import pytest

from figlet.loader._interpolate import Environment, TemplateError, interpolate, substitute
from figlet.loader._problems import Problems


def env(**values: str) -> Environment:
    return Environment(values=dict(values), sources={k: "process environment" for k in values})


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("$A", "a"),
        ("${A}", "a"),
        ("x${A}y", "xay"),
        ("${UNSET:-d}", "d"),
        ("${EMPTY:-d}", "d"),
        ("${EMPTY-d}", ""),
        ("${UNSET-d}", "d"),
        ("${A:+r}", "r"),
        ("${EMPTY:+r}", ""),
        ("${EMPTY+r}", "r"),
        ("${UNSET+r}", ""),
        ("${UNSET:-${A}}", "a"),
        ("${UNSET:-${OTHER:-deep}}", "deep"),
        ("$$A", "$A"),
        ("$${A}", "${A}"),
        ("echo $(seq 3)", "echo $(seq 3)"),
        ("cost 5$", "cost 5$"),
    ],
)
def test_substitute(template: str, expected: str) -> None:
    assert substitute(template, env(A="a", EMPTY="")) == expected


@pytest.mark.parametrize(
    "template", ["${UNSET:?must be set}", "${EMPTY:?must be set}", "${UNSET?x}"]
)
def test_required_variables(template: str) -> None:
    with pytest.raises(TemplateError) as caught:
        substitute(template, env(EMPTY=""))
    assert "required variable" in caught.value.message


def test_required_variable_set_to_empty_passes_without_colon() -> None:
    assert substitute("${EMPTY?x}", env(EMPTY="")) == ""


def test_interpolate_reports_located_problems_and_unset_warnings() -> None:
    problems = Problems()
    data = {"services": {"web": {"image": "${TAG:?set TAG}", "hostname": "h-${NOPE}"}}}
    out = interpolate(data, env(), problems)
    assert [p.path for p in problems.items] == ["services.web.image"]
    assert "set TAG" in problems.items[0].message
    assert out["services"]["web"]["hostname"] == "h-"
    assert any("NOPE" in w.message for w in problems.warnings)


def test_sources_are_recorded() -> None:
    environment = Environment(values={"A": "1"}, sources={"A": ".env"})
    substitute("${A} ${B:-two}", environment)
    assert environment.used == {"A": ("1", ".env"), "B": ("two", "default")}


def test_keys_are_not_interpolated_and_casts_apply() -> None:
    from figlet.loader._casts import cast

    problems = Problems()
    data = {"services": {"$web": {"deploy": {"replicas": "${N}"}, "tty": "yes"}}}
    out = interpolate(data, env(N="3"), problems, (), cast)
    assert out == {"services": {"$web": {"deploy": {"replicas": 3}, "tty": True}}}


def test_the_quick_test_of_casts_never_skips_a_path_the_table_casts() -> None:
    from figlet.loader._casts import _TABLE, _may_cast, _pattern

    names = sorted({part for p in _TABLE for part in p if part not in ("*", "[]")})
    paths: list[tuple[str | int, ...]] = []
    for pattern in _TABLE:
        concrete = tuple(0 if part == "[]" else "x" if part == "*" else part for part in pattern)
        paths.append(concrete)
        for index in range(len(concrete)):
            for other in [*names, "x", 0]:
                paths.append((*concrete[:index], other, *concrete[index + 1 :]))
    assert len(paths) > 1000
    for path in paths:
        if _pattern(path) in _TABLE:
            assert _may_cast(path), path
