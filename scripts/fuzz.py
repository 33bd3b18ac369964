"""Fuzzing campaign: the hostile-input properties of tests/test_hostile.py, with many more examples.

    python scripts/fuzz.py                          # 20,000 inputs for each reader
    python scripts/fuzz.py --examples 2000 --reader csv --reader yaml
    python scripts/fuzz.py --seconds 60 --jobs 2    # at most a minute per reader, two readers at a time

Every reader (plain text, YAML notes, standard input, VTT, SRT, .docx, CSV, TSV, JSON Lines, MIBot JSON) is
fed the same generated inputs as the test suite: random bytes, mixed encodings and line endings, damaged
documents of its own format. An input passes when it becomes sessions, or one InputError on one line naming
the file. The `names` campaign fuzzes file names and paths instead (arbitrary bytes, nested folders, through
the whole command line: JSONL and CSV outputs), with the property of tests/test_file_names.py.
The table gives, per reader, how many inputs were tried, read and refused, and how many failed;
each distinct failure is then shown once, with the smallest input that caused it. Exit code 1 on any failure.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import sys
import tempfile
import time
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import test_file_names as file_names  # noqa: E402 - the properties live with the tests, found through sys.path
import test_hostile as hostile  # noqa: E402

NAMES = "names"  # the file-name campaign, beside the readers


@dataclass
class Campaign:
    """One reader's figures, and each distinct failure with its smallest input."""

    reader: str
    tried: int = 0
    sessions: int = 0
    errors: int = 0
    failed: int = 0
    seconds: float = 0.0
    failures: dict[str, bytes] = field(default_factory=dict)


class OutOfTime(Exception):
    """Ends a reader's run when its time budget is spent (hypothesis stops at the first exception)."""


def signature(error: BaseException) -> str:
    """The exception type and the innermost frame in rupturecli (or in the property, for a broken promise)."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [frame for frame in frames if "rupturecli" in frame.filename or "test_hostile" in frame.filename
            or "test_file_names" in frame.filename]
    frame = (ours or frames or [None])[-1]
    where = f"{Path(frame.filename).name}:{frame.lineno}" if frame else "?"
    detail = f": {str(error)[:160]}" if isinstance(error, AssertionError) else ""
    return f"{type(error).__name__} at {where}{detail}"


def fuzz_names(examples: int, seconds: float) -> Campaign:
    """File names and paths of arbitrary bytes through the command line, until `examples` or `seconds`."""
    campaign = Campaign(NAMES)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="fuzz-names-") as folder:
        count = [0]

        @settings(max_examples=examples, database=None, deadline=None, phases=[Phase.generate],
                  suppress_health_check=list(HealthCheck), verbosity=Verbosity.quiet)
        @given(name=file_names.NAMES)
        def run(name: bytes) -> None:
            if time.monotonic() - started > seconds:
                raise OutOfTime
            campaign.tried += 1
            count[0] += 1
            place = Path(folder) / str(count[0])
            place.mkdir()
            try:
                outcome = file_names.name_goes_through(place, name)
            except Exception as error:  # noqa: BLE001 - what the campaign looks for
                campaign.failed += 1
                key = signature(error)
                if key not in campaign.failures or len(name) < len(campaign.failures[key]):
                    campaign.failures[key] = name
                return
            campaign.sessions += outcome == "sessions"
            campaign.errors += outcome != "sessions"

        with contextlib.suppress(OutOfTime):
            run()
    campaign.seconds = time.monotonic() - started
    return campaign


def fuzz(name: str, examples: int, seconds: float) -> Campaign:
    """Run the reader's property on up to `examples` generated inputs (or until `seconds` have passed)."""
    if name == NAMES:
        return fuzz_names(examples, seconds)
    reader = hostile.READERS[name]
    campaign = Campaign(name)
    started = time.monotonic()
    warnings.simplefilter("ignore")  # zipfile warns about the duplicate parts some damaged .docx inputs hold
    with tempfile.TemporaryDirectory(prefix=f"fuzz-{name}-") as folder:

        @settings(max_examples=examples, database=None, deadline=None, phases=[Phase.generate],
                  suppress_health_check=list(HealthCheck), verbosity=Verbosity.quiet)
        @given(data=reader.inputs, entry=st.sampled_from(reader.entries))
        def run(data: bytes, entry: hostile.Entry) -> None:
            if time.monotonic() - started > seconds:
                raise OutOfTime
            campaign.tried += 1
            try:
                outcome = hostile.try_input(reader, data, entry, Path(folder))
            except Exception as error:  # noqa: BLE001 - every other exception is what the campaign looks for
                campaign.failed += 1
                key = signature(error)
                if key not in campaign.failures or len(data) < len(campaign.failures[key]):
                    campaign.failures[key] = data
                return
            if outcome == "sessions":
                campaign.sessions += 1
            else:
                campaign.errors += 1

        with contextlib.suppress(OutOfTime):
            run()
    campaign.seconds = time.monotonic() - started
    return campaign


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=20_000, help="inputs per reader (default 20,000)")
    parser.add_argument("--seconds", type=float, default=float("inf"), help="time budget per reader")
    parser.add_argument("--reader", action="append", choices=[*hostile.READERS, NAMES],
                        help="fuzz only this reader, or 'names' for file names (repeatable; default: all)")
    parser.add_argument("--jobs", type=int, default=1, help="readers fuzzed at once, each in its own process")
    options = parser.parse_args()
    names = options.reader or [*hostile.READERS, NAMES]
    started = time.monotonic()
    with concurrent.futures.ProcessPoolExecutor(max_workers=max(1, options.jobs)) as pool:
        futures = {pool.submit(fuzz, name, options.examples, options.seconds): name for name in names}
        for future in concurrent.futures.as_completed(futures):
            campaign = future.result()
            print(f"{campaign.reader}: {campaign.tried:,} inputs, {campaign.failed:,} failed, "
                  f"{campaign.seconds:.0f} s", file=sys.stderr, flush=True)
        campaigns = [future.result() for future in futures]
    print(f"{'reader':8} {'tried':>8} {'sessions':>9} {'refused':>8} {'failed':>7} {'seconds':>8}")
    for campaign in campaigns:
        print(f"{campaign.reader:8} {campaign.tried:>8,} {campaign.sessions:>9,} {campaign.errors:>8,} "
              f"{campaign.failed:>7,} {campaign.seconds:>8.0f}")
    total = sum(campaign.tried for campaign in campaigns)
    failed = sum(campaign.failed for campaign in campaigns)
    print(f"{'total':8} {total:>8,} {'':>9} {'':>8} {failed:>7,} {time.monotonic() - started:>8.0f}")
    for campaign in campaigns:
        for key, data in campaign.failures.items():
            shown = data[:300] + (b"..." if len(data) > 300 else b"")
            print(f"\n{campaign.reader}: {key}\n  smallest input ({len(data):,} bytes): {shown!r}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
