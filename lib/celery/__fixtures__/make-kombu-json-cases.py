"""Generates kombu-json-cases.json: JSON-compatible Python values with what CPython makes of
them where Bloom has to write the same bytes:

- ``dumps``:      json.dumps(value), kombu's serializer with its defaults (", " / ": "
                  separators, ensure_ascii) - what task bodies and envelopes contain;
- ``repr``:       repr(value) - what Celery puts in ``kwargsrepr``;
- ``tuple_repr``: repr(tuple(value)) for lists - ``argsrepr`` of ``task.delay(*value)``.

Only values JSON can carry without loss in JavaScript: ints within 2**53, floats that are not
whole numbers (JavaScript cannot tell 1.0 from 1), str keys. Run from this directory with
Debian's interpreter:  /usr/bin/python3 make-kombu-json-cases.py > kombu-json-cases.json
Deterministic (fixed seed) so the file only changes when this script does.
"""
import json
import random
import sys

rng = random.Random(20261123)
MAX_SAFE = 2**53 - 1

ALPHABET = (
    "abcXYZ 019_'\"\\\n\t\r\b\f\x00\x07\x1b\x7f\x80\x9f\xa0\xad\xe9\u00ff\u0100\u20ac\u2028"
    "\u200b\ufeff\ud7ff\ud800\udfff\ue000\uffff\U0001F600\U0010FFFF\U0001D11E"
)


def rand_str():
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 12)))


def rand_int():
    if rng.random() < 0.7:
        return rng.randint(-1000, 1000)
    return rng.randint(-MAX_SAFE, MAX_SAFE)


def rand_float():
    while True:
        f = rng.choice([
            1.5, -2.25, 1e-05, 0.0001, 1.5e-07, 1.2345e16, 1.5e300, 5e-324, 0.1, 123456789.125,
            rng.uniform(-1e6, 1e6), rng.random(), rng.random() * 10 ** rng.randint(-30, 30),
        ])
        if f != int(f):
            return f


def scalar():
    return rng.choice([lambda: None, lambda: True, lambda: False, rand_int, rand_float, rand_str])()


def value(depth=0):
    if depth > 3 or rng.random() < 0.35:
        return scalar()
    n = rng.randint(0, 4)
    if rng.random() < 0.5:
        return [value(depth + 1) for _ in range(n)]
    return {rand_str(): value(depth + 1) for _ in range(n)}


cases = []
while len(cases) < 150:
    v = value()
    # A lone high surrogate followed by a lone low one is two characters in Python but one
    # after a JSON round trip (json.loads pairs the escapes), which is what a worker sees.
    if json.loads(json.dumps(v)) != v:
        continue
    case = {"value": v, "dumps": json.dumps(v), "repr": repr(v)}
    if isinstance(v, list):
        case["tuple_repr"] = repr(tuple(v))
    cases.append(case)
# One case per line; ensure_ascii keeps lone surrogates exact (they cannot be written as UTF-8).
head = {"generator": "make-kombu-json-cases.py", "python": sys.version.split()[0]}
sys.stdout.write(json.dumps(head)[:-1] + ', "cases": [\n')
sys.stdout.write(",\n".join(json.dumps(case, ensure_ascii=True) for case in cases))
sys.stdout.write("\n]}\n")
