"""Runs the reference Piper runtime (piper-tts) on one text, for comparisons with ours.

Reads JSON from stdin: {"model", "config", "text", "length_scale", "noise_scale", "noise_w",
"ids"?: [[int]]}. With "ids", those phoneme ids are synthesized as given (to compare the
inference runtimes alone); otherwise piper phonemizes the text itself.
Writes the raw float32 audio of every sentence, back to back, to the path in argv[1] and
prints JSON: {"espeak": version, "sentences": [{"phonemes", "ids", "samples"}]}.
"""
import json
import sys
import time

import numpy as np
from piper import PiperVoice, SynthesisConfig
from piper import espeakbridge


def main() -> None:
    req = json.load(sys.stdin)
    voice = PiperVoice.load(req["model"], config_path=req["config"])
    cfg = SynthesisConfig(
        length_scale=req.get("length_scale", 1.0),
        noise_scale=req.get("noise_scale", 0.0),
        noise_w_scale=req.get("noise_w", 0.0),
        normalize_audio=False,
    )
    if "ids" in req:
        sentences = [{"phonemes": None, "ids": ids} for ids in req["ids"]]
    else:
        sentences = [
            {"phonemes": "".join(p), "ids": voice.phonemes_to_ids(p)}
            for p in voice.phonemize(req["text"])
            if p
        ]
    started = time.perf_counter()
    with open(sys.argv[1], "wb") as out:
        for s in sentences:
            audio = np.asarray(voice.phoneme_ids_to_audio(s["ids"], cfg), dtype=np.float32)
            s["samples"] = int(audio.shape[0])
            out.write(audio.tobytes())
    elapsed = time.perf_counter() - started
    version = getattr(espeakbridge, "get_espeak_version", lambda: "bundled")()
    print(json.dumps({"espeak": version, "inferSeconds": elapsed, "sentences": sentences}))


if __name__ == "__main__":
    main()
