"""Times onnxruntime (this virtualenv's version) on phoneme ids, one sentence per run, for
bench/reference-runtime.ts: the same ids through Python onnxruntime of another version or
with other options tells where a speed difference comes from.

Reads JSON from stdin: {"model", "ids": [[int]], "threads": 0, "spinning": true}.
Prints JSON: {"version", "seconds", "samples"}.
"""
import json
import sys
import time

import numpy as np
import onnxruntime


def main() -> None:
    req = json.load(sys.stdin)
    opts = onnxruntime.SessionOptions()
    opts.intra_op_num_threads = req.get("threads", 0)
    opts.add_session_config_entry("session.intra_op.allow_spinning", "1" if req.get("spinning", True) else "0")
    session = onnxruntime.InferenceSession(req["model"], sess_options=opts, providers=["CPUExecutionProvider"])

    def feed(ids: list[int]) -> dict:
        return {
            "input": np.array([ids], dtype=np.int64),
            "input_lengths": np.array([len(ids)], dtype=np.int64),
            "scales": np.array([0.0, 1.0, 0.0], dtype=np.float32),
        }

    session.run(None, feed(req["ids"][0]))  # warm-up, as on our side
    samples = 0
    started = time.perf_counter()
    for ids in req["ids"]:
        samples += session.run(None, feed(ids))[0].size
    seconds = time.perf_counter() - started
    print(json.dumps({"version": onnxruntime.__version__, "seconds": seconds, "samples": samples}))


if __name__ == "__main__":
    main()
