"""Sends a named scenario of sample tasks and prints ONE JSON line describing them.

    PYTHONPATH=e2e/sample-app BLOOM_SAMPLE_BROKER=redis://127.0.0.1:6379/0 \\
        /usr/bin/python3 e2e/sample-app/send.py basic
    -> {"scenario": "basic", "task_ids": [...], "tasks": [{"id": ..., "name": ..., "label": "add"}, ...]}

Scenarios: basic, chain, group, chord (needs BLOOM_SAMPLE_BACKEND), load --count N,
sleep --seconds S, backlog --count N --seconds S (N sleep tasks), routed --count N
(N report and N/2 archive tasks; needs BLOOM_SAMPLE_CUSTOM_EXCHANGE=1).
``--wait SECONDS`` also waits for every task's result (needs a result backend) and adds ``results``: {id: {"state": ..., "result": ...}}.

Only the JSON line goes to stdout, so callers can parse the last line without
caring about Celery's warnings (those go to stderr).
"""

import argparse
import json
import sys
import time

from celery import chain, chord, group

import bloom_sample as s


def _task(label, sig):
    """Sends one signature and describes it."""
    result = sig.apply_async()
    return {"id": result.id, "name": sig.task, "label": label}


def _frozen(label, sig):
    """Describes a signature that a canvas primitive froze (id already assigned)."""
    return {"id": sig.id, "name": sig.task, "label": label}


def basic(_args):
    return {
        "tasks": [
            _task("add", s.add.s(2, 3)),
            _task("mul", s.mul.s(4, 5)),
            _task("fail", s.fail.s("boom")),
            _task("retry_n", s.retry_n.s(3)),
            _task("io_task", s.io_task.s("hello")),
            _task("sleep", s.sleep.s(1)),
        ]
    }


def run_chain(_args):
    # (2 + 2) * 3 + 1 = 13; freezing first gives us every step's id up front.
    canvas = chain(s.add.s(2, 2), s.mul.s(3), s.add.s(1))
    last = canvas.freeze()
    canvas.apply_async()
    steps = [_frozen(f"step{i}", t) for i, t in enumerate(canvas.tasks)]
    return {"tasks": steps, "result_id": last.id}


def run_group(_args):
    canvas = group(s.add.s(i, i) for i in range(5))
    frozen = canvas.freeze()
    canvas.apply_async()
    members = [_frozen(f"member{i}", t) for i, t in enumerate(canvas.tasks)]
    return {"tasks": members, "group_id": frozen.id}


def run_chord(_args):
    if not s.BACKEND:
        raise SystemExit("send.py: the chord scenario needs BLOOM_SAMPLE_BACKEND (chords need a result backend)")
    header = [s.add.s(i, i) for i in range(5)]
    canvas = chord(header, s.xsum.s())
    body = canvas.freeze()
    canvas.apply_async()
    # chord.tasks is the header *group* (a dict subclass): its signatures are in .tasks.
    members = [_frozen(f"header{i}", t) for i, t in enumerate(canvas.tasks.tasks)]
    body_task = {"id": body.id, "name": canvas.body.task, "label": "body"}
    return {"tasks": members + [body_task], "group_id": body.parent.id if body.parent else None, "result_id": body.id}


def load(args):
    # One producer for the whole burst: this is about throughput, not realism.
    with s.app.producer_or_acquire() as producer:
        tasks = [
            {"id": s.add.apply_async((i, i), producer=producer).id, "name": s.add.name, "label": "add"}
            for i in range(args.count)
        ]
    return {"tasks": tasks}


def sleep(args):
    return {"tasks": [_task("sleep", s.sleep.s(args.seconds))]}


def backlog(args):
    # --count sleep tasks of --seconds each at once: more than the workers take, so the
    # queue holds a backlog that drains at their pace (what a queue-depth chart is for).
    return {"tasks": [_task("sleep", s.sleep.s(args.seconds)) for _ in range(args.count)]}


def routed(args):
    # --count report tasks and half as many archive tasks, through the app's own routes:
    # with BLOOM_SAMPLE_CUSTOM_EXCHANGE=1 they go to the topic exchange bloom.reports.
    if not s.CUSTOM_EXCHANGE:
        raise SystemExit("send.py: the routed scenario needs BLOOM_SAMPLE_CUSTOM_EXCHANGE=1")
    reports = [_task("report", s.report.s(f"r{i}")) for i in range(args.count)]
    archives = [_task("archive", s.archive.s(f"a{i}")) for i in range(args.count // 2)]
    return {"tasks": reports + archives}


SCENARIOS = {
    "basic": basic,
    "chain": run_chain,
    "group": run_group,
    "chord": run_chord,
    "load": load,
    "sleep": sleep,
    "routed": routed,
    "backlog": backlog,
}


def wait_for(task_ids, timeout):
    if not s.BACKEND:
        raise SystemExit("send.py: --wait needs BLOOM_SAMPLE_BACKEND")
    deadline = time.monotonic() + timeout
    results = {}
    for task_id in task_ids:
        res = s.app.AsyncResult(task_id)
        # propagate=False: the basic scenario fails on purpose.
        remaining = max(deadline - time.monotonic(), 0.1)
        value = res.get(timeout=remaining, propagate=False, disable_sync_subtasks=False)
        results[task_id] = {
            "state": res.state,
            "result": repr(value) if isinstance(value, BaseException) else value,
        }
    return results


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    parser.add_argument("--count", type=int, default=100, help="number of tasks for 'load'")
    parser.add_argument("--seconds", type=float, default=1.0, help="duration for 'sleep'")
    parser.add_argument("--wait", type=float, default=None, metavar="SECONDS", help="wait for results")
    args = parser.parse_args(argv)

    out = {"scenario": args.scenario}
    out.update(SCENARIOS[args.scenario](args))
    out["task_ids"] = [t["id"] for t in out["tasks"]]
    if args.wait is not None:
        out["results"] = wait_for(out["task_ids"], args.wait)
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
