"""Times orjson decoding and encoding (sorted keys) of one JSON file; prints name, seconds, MB/s."""
import gc
import sys
import time

import orjson


def best_of(repetitions, body):
    best = float("inf")
    for _ in range(repetitions):
        start = time.perf_counter()
        body()
        best = min(best, time.perf_counter() - start)
    return best


def main():
    path = sys.argv[1]
    repetitions = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with open(path, "rb") as handle:
        data = handle.read()
    # The cyclic collector would otherwise dominate building 100 MB of objects.
    gc.disable()
    value = orjson.loads(data)
    for name, body in (
        ("orjson-decode", lambda: orjson.loads(data)),
        ("orjson-encode", lambda: orjson.dumps(value, option=orjson.OPT_SORT_KEYS)),
    ):
        seconds = best_of(repetitions, body)
        print(f"{name}\t{seconds:.3f}\t{len(data) / 1e6 / seconds:.1f}")


if __name__ == "__main__":
    main()
