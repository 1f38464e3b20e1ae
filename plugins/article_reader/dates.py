"""An article's date: from its header, else its file; never the clock.

Header dates are read as ISO 8601 (``2026-10-14``, ``2026-10-14T09:00:00Z``),
RFC 2822 (``Wed, 14 Oct 2026 09:00:00 +0000``) or the free forms dateutil
knows (``14 October 2026``). A date without a day or month (``October 2026``,
``2026-10``, ``2026``) takes the 1st, never the build day's: the same input
gives the same bytes on any day. A date without a year is not a date.

Every date is bounded:
    EARLIEST..LATEST     a date outside (year 9999, 1066) is a warning; LATEST
                         is the last year a zip file can store
    the ceiling          a header date more than FUTURE_TOLERANCE after "the
                         build's own inputs" is a warning and is not used, so
                         one article cannot move the copy's date and version
                         (which only go up) into the future

The ceiling, defined once here: SOURCE_DATE_EPOCH when the environment sets
it (a whole number of seconds), else the newest modification time among the
input files read. An invalid header date, or one past the ceiling, falls
back to the file's modification time, itself clamped to the ceiling and the
bounds.

Data shapes:
    parse_header_date(text: str | date) -> datetime  (naive = the TIMEZONE)
        raises DateProblem(reason); a date or datetime (as a YAML front
        matter parser gives) is checked against the bounds only
    ceiling(newest_mtime: float | None, environ) -> datetime | None  (UTC)
    decide_date(header: str | date | None, mtime: float, ceiling) -> DateDecision
        DateDecision(date: datetime, source: str, warnings: list[str])
"""

import email.utils
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from dateutil import parser as date_parser

EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2107, 12, 31, 23, 59, 59, tzinfo=UTC)
# A header date may be this much after the ceiling: a date written in a
# time zone ahead of the scraper's clock is not "in the future".
FUTURE_TOLERANCE = timedelta(days=1)
HEADER_DATE_MAX_CHARS = 80

_YEAR_MONTH = re.compile(r"^(\d{4})(?:-(\d{1,2}))?$")
# Two defaults that differ in every field: a field dateutil filled in from
# the default differs between the two parses, so it was not in the text.
_DEFAULT_A = datetime(2001, 1, 1)
_DEFAULT_B = datetime(2002, 2, 2)


class DateProblem(ValueError):
    """A header date that cannot be used; the message says why."""


@dataclass
class DateDecision:
    date: datetime
    source: str
    warnings: list[str] = field(default_factory=list)


def parse_header_date(text: str | date) -> datetime:
    """A header's date; naive when the text gives no time zone."""
    if isinstance(text, datetime):
        value = text
    elif isinstance(text, date):
        value = datetime(text.year, text.month, text.day)
    else:
        text = " ".join(str(text).split())
        if len(text) > HEADER_DATE_MAX_CHARS:
            raise DateProblem("not understood (too long)")
        value = _parse(text)
    _check_bounds(value)
    return value


def _parse(text: str) -> datetime:
    partial = _YEAR_MONTH.match(text)
    if partial:
        year, month = int(partial[1]), int(partial[2] or 1)
        try:
            return datetime(year, month, 1)
        except ValueError:
            raise DateProblem("not understood") from None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    try:
        first = date_parser.parse(text, default=_DEFAULT_A)
        second = date_parser.parse(text, default=_DEFAULT_B)
    except (ValueError, OverflowError, TypeError):
        raise DateProblem("not understood") from None
    if first.year != second.year:
        raise DateProblem("not understood (no year)")
    month = first.month if first.month == second.month else 1
    day = first.day if first.day == second.day else 1
    try:
        return first.replace(month=month, day=day)
    except ValueError:
        raise DateProblem("not understood") from None


def _as_utc(value: datetime) -> datetime:
    """Naive dates count as UTC; raises DateProblem for impossible offsets."""
    try:
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
    except (ValueError, OverflowError):
        raise DateProblem("out of range (impossible time zone or year)") from None


def _check_bounds(value: datetime) -> None:
    moment = _as_utc(value)
    if not EARLIEST <= moment <= LATEST:
        raise DateProblem(
            f"out of range (dates run from {EARLIEST:%Y-%m-%d} to {LATEST:%Y-%m-%d})"
        )


def ceiling(
    newest_mtime: float | None, environ: Mapping[str, str] = os.environ
) -> datetime | None:
    """The latest date an input may claim: see the module docstring."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return _clamp(_from_timestamp(int(epoch)))
    if newest_mtime is None:
        return None
    return _clamp(_from_timestamp(newest_mtime))


def _from_timestamp(seconds: float) -> datetime:
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return LATEST if seconds > 0 else EARLIEST


def _clamp(moment: datetime, top: datetime | None = None) -> datetime:
    top = min(top, LATEST) if top else LATEST
    return max(EARLIEST, min(moment, top))


def decide_date(
    header: str | date | None,
    mtime: float,
    limit: datetime | None,
    fallback: str = "file modification time",
) -> DateDecision:
    """The header's date when usable, else `mtime` (the file's modification
    time, or a crawl's capture time: `fallback` names it), with the warnings."""
    warnings = []
    if header:
        try:
            value = parse_header_date(header)
            if limit is None or _as_utc(value) <= limit + FUTURE_TOLERANCE:
                return DateDecision(value, "header")
            raise DateProblem(
                f"later than the build's inputs ({limit:%Y-%m-%d %H:%M} UTC: "
                "SOURCE_DATE_EPOCH, else the newest input file)"
            )
        except DateProblem as problem:
            warnings.append(
                f"date {str(header)[:HEADER_DATE_MAX_CHARS]!r} {problem}; "
                f"using the {fallback}"
            )
    moment = _from_timestamp(mtime)
    clamped = _clamp(moment, limit)
    source = fallback
    if clamped != moment:
        source += " (clamped to the build's inputs)" if limit else " (out of range)"
    return DateDecision(clamped, source, warnings)
