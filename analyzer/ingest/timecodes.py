"""Timestamps such as 01:02:03.500, 1:02:03,5 or 02:03 as seconds. Unparseable values give None
rather than an error, because a broken timestamp must never lose the words next to it."""

from __future__ import annotations

import math
import re

_TIMECODE = re.compile(r"(?:(\d{1,3}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,6}))?")


def parse_timecode(value: object) -> float | None:
    """Seconds from a timecode string or a number; None when it cannot be read."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        seconds = float(value)
        return seconds if math.isfinite(seconds) and seconds >= 0 else None
    if not isinstance(value, str):
        return None
    raw = value.strip()
    match = _TIMECODE.fullmatch(raw)
    if match is None:
        try:
            seconds = float(raw)
        except ValueError:
            return None
        return seconds if math.isfinite(seconds) and seconds >= 0 else None
    hours, minutes, secs, fraction = match.groups()
    if int(secs) >= 60 or (hours is not None and int(minutes) >= 60):
        return None
    total = int(hours or 0) * 3600 + int(minutes) * 60 + int(secs)
    return total + (float("0." + fraction) if fraction else 0.0)


def clock_label(seconds: float | None) -> str:
    """ " [mm:ss]" (or " [h:mm:ss]") for a recording offset, "" when unknown: how people cite a moment."""
    if seconds is None:
        return ""
    minutes, secs = divmod(int(seconds), 60)
    return (
        f" [{minutes // 60}:{minutes % 60:02d}:{secs:02d}]"
        if minutes >= 60
        else f" [{minutes:02d}:{secs:02d}]"
    )
