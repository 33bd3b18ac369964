"""The format table (outputs/formats.py): every entry loads, and a format is only the parts it declares."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from rupturecli.cli import app
from rupturecli.outputs.formats import (
    FINDING_FORMATS,
    REPORT_FORMATS,
    ReportFormat,
    finding_format,
    formats_with,
    report_format,
)
from rupturecli.run import modes
from rupturecli.run.options import RunOptions
from rupturecli.run.tasks import RuleSpec, rules_for

runner = CliRunner()
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "session-homework.txt"


@pytest.mark.parametrize("name", list(REPORT_FORMATS))
def test_every_report_format_loads_under_its_own_name(name: str) -> None:
    assert report_format(name).name == name


@pytest.mark.parametrize("name", list(FINDING_FORMATS))
def test_every_finding_format_loads_under_its_own_name(name: str) -> None:
    assert finding_format(name).name == name


def test_the_help_lists_every_format_of_the_table() -> None:
    text = " ".join(runner.invoke(app, ["analyze", "--help"]).stdout.split())
    for name in REPORT_FORMATS:
        assert f"{name} (" in text


def test_a_mode_the_format_lacks_names_the_formats_that_have_it() -> None:
    result = runner.invoke(app, ["analyze", str(EXAMPLE), "--isolated", "--by-client", "-f", "convokit", "-o",
                                 "unused-folder"])
    assert result.exit_code == 2
    assert result.stderr.strip() == ("rupture: error: --by-client supports "
                                     f"{', '.join(formats_with('clients'))}, not convokit")
    assert not Path("unused-folder").exists()


def test_a_new_format_is_only_its_parts(tmp_path: Path) -> None:
    """A format declaring just `document` works in research mode, with no other code to touch."""
    counted = ReportFormat("count", document=lambda records: f"{len(records)} sessions\n")
    errors: list[str] = []
    output = tmp_path / "count.txt"
    run = modes.Run([str(EXAMPLE)], rules_for(RuleSpec(model=None)), RunOptions(), counted, output, errors.append,
                    quiet=True)
    modes.batch(run, modes.BatchRequest(jobs=1, resume=False, spec=RuleSpec(model=None)))
    assert errors == []
    assert output.read_text() == "1 sessions\n"
