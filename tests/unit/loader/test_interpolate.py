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
