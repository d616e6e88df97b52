"""Bloom's sample Celery app: the workload integration and e2e tests watch.

Run with Debian's interpreter (the pyenv ``python3`` on PATH has no Celery)::

    PYTHONPATH=e2e/sample-app BLOOM_SAMPLE_BROKER=redis://127.0.0.1:6379/0 \\
        /usr/bin/python3 -m celery -A bloom_sample worker -E -Q celery,io -n w1@bloomtest

Configuration comes only from the environment so that the test rig can point
many workers at throwaway brokers on random ports:

``BLOOM_SAMPLE_BROKER``   broker URL (required)
``BLOOM_SAMPLE_BACKEND``  result backend URL (optional; chords need one)
``BLOOM_SAMPLE_EVENTS``   "0" turns task events off so tests can exercise
                          Bloom's ``enable_events`` path (default "1")
``BLOOM_SAMPLE_CUSTOM_EXCHANGE``  "1" declares ``task_queues`` with two queues
                          bound to the topic exchange ``bloom.reports`` (``reports``
                          and ``archive``) and routes ``report``/``archive`` there,
                          as apps with their own exchanges do (default off, so the
                          other tests keep Celery's default routing)
"""

import os
import time

from celery import Celery
from celery.contrib.abortable import AbortableTask
from celery.schedules import crontab
from kombu import Exchange, Queue

BROKER = os.environ.get("BLOOM_SAMPLE_BROKER")
if not BROKER:
    # Falling back to Celery's default amqp://localhost would silently talk to
    # whatever broker the host runs; failing loudly keeps tests hermetic.
    raise RuntimeError("BLOOM_SAMPLE_BROKER is not set (e.g. redis://127.0.0.1:6379/0)")

BACKEND = os.environ.get("BLOOM_SAMPLE_BACKEND") or None
EVENTS = os.environ.get("BLOOM_SAMPLE_EVENTS", "1") != "0"
CUSTOM_EXCHANGE = os.environ.get("BLOOM_SAMPLE_CUSTOM_EXCHANGE") == "1"

app = Celery("bloom_sample", broker=BROKER, backend=BACKEND)

app.conf.update(
    # Bloom is an event consumer: everything it shows comes from these.
    worker_send_task_events=EVENTS,
    task_send_sent_event=EVENTS,
    task_track_started=True,
    # Lets Bloom's "restart pool" control command work, as in Flower.
    worker_pool_restarts=True,
    # Stores name/args/kwargs/worker with each result, like production setups
    # that Bloom's result views are compared against.
    result_extended=True,
    task_routes={"bloom_sample.io_task": {"queue": "io"}},
    timezone="UTC",
    enable_utc=True,
    beat_schedule={
        "add-every-5s": {
            "task": "bloom_sample.add",
            "schedule": 5.0,
            "args": (2, 2),
        },
        "xsum-every-minute": {
            "task": "bloom_sample.xsum",
            "schedule": crontab(minute="*"),
            "args": ([1, 2, 3],),
        },
    },
)

if CUSTOM_EXCHANGE:
    REPORTS = Exchange("bloom.reports", type="topic")
    app.conf.task_queues = (
        Queue("celery"),
        Queue("io"),
        Queue("reports", REPORTS, routing_key="reports.#"),
        Queue("archive", REPORTS, routing_key="archive.#"),
    )
    app.conf.task_routes = {
        "bloom_sample.io_task": {"queue": "io"},
        # The queue's own binding key is a pattern: the route picks a concrete key under it.
        "bloom_sample.report": {"queue": "reports", "routing_key": "reports.daily"},
        "bloom_sample.archive": {"queue": "archive", "routing_key": "archive.weekly"},
    }


@app.task
def add(x, y):
    return x + y


@app.task
def mul(x, y):
    return x * y


@app.task
def xsum(numbers):
    return sum(numbers)


def _validate(msg):
    raise ValueError(msg)


def _process(msg):
    _validate(msg)


@app.task
def fail(msg="boom"):
    # Nested on purpose: Bloom renders tracebacks, so tests need several frames.
    _process(msg)


@app.task(bind=True, max_retries=None)
def retry_n(self, n):
    """Retries itself ``n`` times, then succeeds with the number of retries."""
    if self.request.retries < n:
        raise self.retry(countdown=0.2, exc=RuntimeError(f"retry {self.request.retries + 1} of {n}"))
    return self.request.retries


@app.task
def sleep(seconds):
    time.sleep(seconds)
    return seconds


@app.task
def io_task(payload=None):
    return {"queue": "io", "payload": payload}


@app.task
def report(name="daily"):
    return {"report": name}


@app.task
def archive(name="weekly"):
    return {"archive": name}


@app.task
def echo(*args, **kwargs):
    return {"args": list(args), "kwargs": kwargs}


@app.task(bind=True, base=AbortableTask)
def abortable_loop(self, seconds=60, interval=0.1):
    """Works for up to ``seconds``, polling ``is_aborted()`` (Flower's abort; needs
    the result backend). The result says how it ended, so a test can tell an abort
    from the loop running out."""
    deadline = time.monotonic() + seconds
    polls = 0
    while time.monotonic() < deadline:
        polls += 1
        if self.is_aborted():
            return {"aborted": True, "polls": polls}
        time.sleep(interval)
    return {"aborted": False, "polls": polls}

