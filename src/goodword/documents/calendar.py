"""Reminders as an iCalendar file the user imports into their own calendar (no daemon needed).

The only module that writes ICS; it uses the ``icalendar`` library.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event


@dataclass(frozen=True, slots=True)
class Reminder:
    """One thing to do on a day: a follow-up, a brief, a thank-you, a letter deadline."""

    day: date
    uid: str
    summary: str
    description: str


def reminders_ics(reminders: list[Reminder], *, now: datetime | None = None) -> bytes:
    """An ICS calendar with one all-day event (and a 9:00 alert) per reminder.

    UIDs are stable, so importing a newer file updates events instead of
    duplicating them.
    """
    stamp = now or datetime.now(UTC)
    calendar = Calendar()
    calendar.add("prodid", "-//goodword//reminders//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "goodword reminders")
    for reminder in sorted(reminders, key=lambda r: (r.day, r.uid)):
        event = Event()
        event.add("uid", reminder.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", reminder.day)
        event.add("dtend", reminder.day + timedelta(days=1))
        event.add("summary", reminder.summary)
        event.add("description", reminder.description)
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", reminder.summary)
        alarm.add("trigger", timedelta(hours=9))
        event.add_component(alarm)
        calendar.add_component(event)
    return bytes(calendar.to_ical())
