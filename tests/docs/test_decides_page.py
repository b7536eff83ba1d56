"""docs/decides.md says what the code does, and the examples of both engine pages run."""

from __future__ import annotations

from pathlib import Path

from relnet import Cadence, Circle, Reason
from relnet.policy import (
    BASES,
    CIRCLE_CADENCE,
    CIRCLE_MULTIPLIER,
    MUST_DO,
    OVERRIDES,
    KeepInTouch,
    default_rules,
)

DOCS = Path(__file__).resolve().parents[2] / "docs"
DECIDES = DOCS / "decides.md"


def table(page: Path, first_header: str) -> list[list[str]]:
    """The rows of the Markdown table whose first header cell is ``first_header``."""
    lines = page.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {first_header} |"))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip().strip("`") for cell in line.strip("|").split("|")])
    return rows


def test_the_circle_table_is_the_code() -> None:
    rows = table(DECIDES, "circle")
    assert [row[0] for row in rows] == [c.value for c in Circle]
    keep = default_rules().get("keep_in_touch")
    assert isinstance(keep, KeepInTouch)
    scoring = default_rules().scoring
    for name, cadence, multiplier in rows:
        circle = Circle(name)
        expected = CIRCLE_CADENCE[circle]
        assert cadence == ("none" if expected is None else str(expected))
        assert keep.cadences[circle] == expected
        assert float(multiplier) == CIRCLE_MULTIPLIER[circle] == scoring.multipliers[circle]


def test_the_reason_table_is_the_code() -> None:
    rows = table(DECIDES, "reason")
    assert {row[0] for row in rows} == {r.value for r in Reason}
    bases = default_rules().bases()
    for name, base, must_do, *_ in rows:
        reason = Reason(name)
        assert float(base) == BASES[reason] == bases[reason]
        assert (must_do == "yes") is (reason in MUST_DO)


def test_the_numbers_table_is_the_code() -> None:
    rows = table(DECIDES, "keyword")
    assert {row[0] for row in rows} == set(OVERRIDES)
    for keyword, default, _ in rows:
        value = OVERRIDES[keyword]
        if keyword in ("cadences", "multipliers", "bases"):
            assert default.startswith("see ")
            assert value == {}
        elif keyword == "nudge_gaps":
            assert tuple(int(n) for n in default.split(",")) == value
        elif keyword == "backoff_floor":
            assert Cadence.parse(default) == value
        else:
            assert float(default) == value


def test_the_numbers_table_matches_the_rules_defaults() -> None:
    rules = default_rules()
    assert rules.get("reply_owed").drop_days == OVERRIDES["reply_drop_days"]  # type: ignore[attr-defined]
    assert rules.get("thank_you").hours == OVERRIDES["thank_you_hours"]  # type: ignore[attr-defined]
    assert rules.get("intro_loop").days == OVERRIDES["intro_days"]  # type: ignore[attr-defined]
    assert rules.get("mentor_loop").days == OVERRIDES["mentor_days"]  # type: ignore[attr-defined]
    assert rules.get("nudge").gaps == OVERRIDES["nudge_gaps"]  # type: ignore[attr-defined]
    assert rules.get("check_in").days == OVERRIDES["check_in_days"]  # type: ignore[attr-defined]
    assert rules.scoring.reciprocity_boost == OVERRIDES["reciprocity_boost"]


def test_the_dismissal_table_is_the_code() -> None:
    """One row per reason, in the reasons' order; the cycle's two reasons and the items
    that never come back are the code's."""
    from relnet.policy.dismissals import _COMES_BACK, CYCLE

    rows = table(DECIDES, "dismissed")
    assert [row[0] for row in rows] == [r.value for r in Reason]
    cycle = {row[0] for row in rows if row[1].startswith("the cycle")}
    assert cycle == {r.value for r in CYCLE}
    never = {row[0] for row in rows if row[2] == "it does not come back"}
    assert never == {r.value for r, text in _COMES_BACK.items() if "does not come back" in text}
