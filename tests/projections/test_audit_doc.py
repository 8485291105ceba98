"""docs/audit.md defines every figure of the team audit as the API answers it."""

from __future__ import annotations

from pathlib import Path

from projections.audit_figures import FIGURES

DOC = (Path(__file__).parents[2] / "docs" / "audit.md").read_text(encoding="utf-8")


def test_the_doc_gives_every_figures_definition() -> None:
    for figure, _ in FIGURES:
        section = DOC.split(f"(`{figure.id}`)", 1)
        assert len(section) == 2, f"{figure.id} is not in docs/audit.md"
        body = section[1].split("\n####", 1)[0]
        assert f"Numerator: {figure.numerator}" in body, figure.id
        assert f"Denominator: {figure.denominator}" in body, figure.id
        assert f"Period rule: {figure.period}" in body, figure.id
        assert f"Manual: {figure.manual}" in body, figure.id


def test_the_doc_lists_no_figure_the_audit_does_not_answer() -> None:
    listed = {line.split("(`")[1].split("`)")[0] for line in DOC.splitlines() if line.startswith("#### ")}
    assert listed == {figure.id for figure, _ in FIGURES}
