"""Regenerates schedule-cases.json from Debian's Celery 5.2 and PyEphem (the real thing).

    /usr/bin/python3 lib/celery/schedules/__fixtures__/make-schedule-cases.py

- crontab: next occurrence computed by Celery itself, `now + crontab.remaining_estimate(now)`
  (the helper Celery's own t/unit/app/test_schedules.py uses), app timezone UTC;
- repr: what a worker's `inspect conf` shows for each schedule object (safe_repr / jsonify);
- solar: the next event after a start instant, from Celery's `solar` (PyEphem).
"""
import json
import os
from datetime import datetime, timedelta, timezone

from celery import Celery
from celery.schedules import crontab, schedule, solar
from celery.utils.serialization import jsonify
from kombu.utils.encoding import safe_repr

app = Celery("cases", set_as_current=True)
app.conf.timezone = "UTC"
app.conf.enable_utc = True

SPECS = [
    {},
    {"minute": "*/5"},
    {"minute": "*/15"},
    {"minute": 0},
    {"minute": 30, "hour": 2},
    {"minute": "0,30", "hour": "8-17", "day_of_week": "mon-fri"},
    {"minute": 0, "hour": "*/3"},
    {"minute": 15, "hour": 10, "day_of_week": "sun"},
    {"minute": 0, "hour": 0, "day_of_week": "sat,sun"},
    {"minute": 0, "hour": 0, "day_of_week": "fri-mon"},
    {"minute": 0, "hour": 12, "day_of_month": 31},
    {"minute": 0, "hour": 12, "day_of_month": 29, "month_of_year": 2},
    {"minute": 0, "hour": 0, "day_of_month": "1", "month_of_year": "*/3"},
    {"minute": 45, "hour": 23, "day_of_month": "28-31"},
    {"minute": [0, 30], "hour": [9, 21]},
    {"minute": 5, "hour": 7, "day_of_week": "thursday", "day_of_month": "8-14"},
    {"minute": "55-5/3"},
    {"minute": 0, "hour": "22-2"},
    {"minute": 59, "hour": 23, "day_of_month": 31, "month_of_year": 12},
    {"minute": 0, "hour": 9, "day_of_week": "*/2"},
]

STARTS = [
    datetime(2010, 9, 11, 14, 30, 15),
    datetime(2012, 2, 28, 23, 59, 59),
    datetime(2023, 12, 31, 23, 59, 0),
    datetime(2024, 2, 29, 12, 0, 0),
    datetime(2025, 1, 31, 8, 15, 42),
    datetime(2026, 11, 24, 0, 0, 0),
]


def utc_ms(dt):
    return int(dt.replace(tzinfo=timezone.utc).timestamp() * 1000) if dt.tzinfo is None else int(dt.timestamp() * 1000)


crontab_cases = []
for spec in SPECS:
    for start in STARTS:
        c = crontab(app=app, **spec)
        now = start.replace(tzinfo=timezone.utc)
        c.nowfun = lambda now=now: now
        nxt = now + c.remaining_estimate(now)
        crontab_cases.append({"fields": spec, "after": utc_ms(now), "next": utc_ms(nxt), "afterIso": now.isoformat(), "nextIso": nxt.isoformat()})

reprs = []
for value in [
    10.0,
    timedelta(seconds=90),
    timedelta(days=1, hours=2),
    timedelta(milliseconds=1500),
    schedule(timedelta(seconds=10)),
    schedule(timedelta(minutes=1)),
    schedule(timedelta(hours=2)),
    schedule(timedelta(days=3)),
    crontab(),
    crontab(minute="*/5"),
    crontab(minute=0, hour=2),
    crontab(minute=[0, 30], hour=8, day_of_week="mon-fri"),
    crontab(minute=(1, 2), hour={3}, day_of_month="1,15"),
    crontab(minute=0, hour=0, month_of_year="*/3", day_of_month=1),
    solar("sunrise", 60, 30),
    solar("dusk_civil", -33.87, 151.21),
]:
    shown = jsonify({"s": value}, unknown_type_filter=safe_repr)["s"]
    reprs.append({"python": repr(value), "conf": shown})

solar_cases = []
for event in ["dawn_astronomical", "dawn_nautical", "dawn_civil", "sunrise", "solar_noon", "sunset", "dusk_civil", "dusk_nautical"]:
    for lat, lon in [(48.8566, 2.3522), (40.7128, -74.006), (-33.87, 151.21), (60.0, 30.0), (0.0, 0.0)]:
        for start in [datetime(2024, 3, 20, 12, 0), datetime(2024, 6, 21, 0, 0), datetime(2024, 12, 21, 18, 30), datetime(2026, 11, 24, 6, 0)]:
            s = solar(event, lat, lon, app=app)
            now = start.replace(tzinfo=timezone.utc)
            s.nowfun = lambda now=now: now
            try:
                nxt = now + s.remaining_estimate(now)
            except Exception as exc:  # polar: no event
                continue
            solar_cases.append({"event": event, "latitude": lat, "longitude": lon, "after": utc_ms(now), "next": utc_ms(nxt), "nextIso": nxt.isoformat()})

out = {"generatedBy": "make-schedule-cases.py with Celery " + __import__("celery").__version__ + " and ephem " + __import__("ephem").__version__, "crontab": crontab_cases, "reprs": reprs, "solar": solar_cases}
path = os.path.join(os.path.dirname(__file__), "schedule-cases.json")
with open(path, "w") as fh:
    json.dump(out, fh, indent=1)
print(f"wrote {path}: {len(crontab_cases)} crontab, {len(reprs)} reprs, {len(solar_cases)} solar")
