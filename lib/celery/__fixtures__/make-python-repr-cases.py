"""Generates python-repr-cases.json: real CPython repr() output paired with the JSON value
Bloom's parsePythonLiteral must produce for it (see python-literal.ts for the mapping).

Run from this directory:  python3 make-python-repr-cases.py > python-repr-cases.json
Deterministic (fixed seed) so the file only changes when this script does.
"""
import base64
import json
import math
import random
import sys

rng = random.Random(20240601)
MAX_SAFE = 2**53 - 1

ALPHABET = (
    "abcXYZ 019_'\"\\\n\t\r\x00\x07\x1b\x7f\x80\xa0\xe9\u00ff\u0100\u20ac\u2028"
    "\ufeff\ud7ff\ud800\udfff\ue000\uffff\U0001F600\U0010FFFF\U0001D11E"
)


def rand_str():
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 12)))


def rand_bytes():
    return bytes(rng.randint(0, 255) for _ in range(rng.randint(0, 10)))


def rand_int():
    kind = rng.random()
    if kind < 0.6:
        return rng.randint(-1000, 1000)
    if kind < 0.8:
        return rng.randint(-MAX_SAFE, MAX_SAFE)
    return rng.choice([-1, 1]) * rng.randint(MAX_SAFE + 1, 10**40)


def rand_float():
    return rng.choice([
        0.0, -0.0, 1.5, -2.25, 1e-05, 1e20, 1.7976931348623157e308, 5e-324,
        float("inf"), float("-inf"), float("nan"),
        rng.uniform(-1e6, 1e6), rng.random(),
    ])


def scalar():
    return rng.choice([
        lambda: None, lambda: True, lambda: False, rand_int, rand_float, rand_str, rand_bytes,
    ])()


def hashable_scalar():
    # Keys: no NaN (NaN != NaN makes dict/set behaviour noisy), no floats equal to ints.
    return rng.choice([rand_int, rand_str, rand_bytes, lambda: None, lambda: True])()


def value(depth=0):
    if depth > 3 or rng.random() < 0.35:
        return scalar()
    kind = rng.choice(["list", "tuple", "dict", "set"])
    n = rng.randint(0, 4)
    if kind == "list":
        return [value(depth + 1) for _ in range(n)]
    if kind == "tuple":
        return tuple(value(depth + 1) for _ in range(n))
    if kind == "set":
        return {hashable_scalar() for _ in range(n)}
    return {hashable_scalar(): value(depth + 1) for _ in range(n)}


def expected(v):
    """The JSON value Bloom maps a Python value to."""
    if v is None or isinstance(v, bool):
        return v
    if isinstance(v, int):
        return v if -MAX_SAFE <= v <= MAX_SAFE else {"__int__": str(v)}
    if isinstance(v, float):
        if math.isnan(v):
            return {"__float__": "nan"}
        if math.isinf(v):
            return {"__float__": "inf" if v > 0 else "-inf"}
        return v
    if isinstance(v, str):
        return v
    if isinstance(v, bytes):
        return {"__bytes__": base64.b64encode(v).decode("ascii")}
    if isinstance(v, (list, tuple)):
        return [expected(x) for x in v]
    if isinstance(v, (set, frozenset)):
        return [expected(x) for x in v]  # repr order == iteration order
    if isinstance(v, dict):
        out = {}
        for k, x in v.items():
            ek = expected(k)
            if isinstance(ek, str):
                key = ek
            elif isinstance(ek, dict) and "__int__" in ek:
                key = ek["__int__"]
            else:
                key = json.dumps(ek, separators=(",", ":"))
            out[key] = expected(x)
        return out
    raise TypeError(type(v))


cases = []
for _ in range(400):
    v = value()
    cases.append({"repr": repr(v), "expected": expected(v)})
# ensure_ascii keeps lone surrogates exact (they cannot be written as UTF-8).
json.dump({"generator": "make-python-repr-cases.py", "python": sys.version.split()[0], "cases": cases},
          sys.stdout, ensure_ascii=True, indent=0)
sys.stdout.write("\n")
