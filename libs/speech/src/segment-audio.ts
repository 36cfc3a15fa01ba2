import { FADE_MS, pauseSamples } from './pauses';
import { floatToInt16 } from './wav';

export interface SegmentAudio {
  samples: Int16Array;
  /** Sample offsets of each sentence inside `samples`. */
  sentences: { start: number; end: number }[];
}

/** Linear fade-in and fade-out over `fade` samples, in place: joins start and end at zero. */
export function fadeEdges(x: Float32Array, fade: number): void {
  const n = Math.min(fade, Math.floor(x.length / 2));
  for (let i = 0; i < n; i++) {
    const g = i / n;
    x[i] = (x[i] ?? 0) * g;
    x[x.length - 1 - i] = (x[x.length - 1 - i] ?? 0) * g;
  }
}

/**
 * One segment's audio: each sentence's waveform pieces (espeak may split a sentence further)
 * faded at their edges and joined, sentences separated by the sentence pause.
 */
export function assembleSegment(
  sentences: Float32Array[][],
  sampleRate: number,
  lengthScale = 1,
): SegmentAudio {
  const fade = Math.round((FADE_MS * sampleRate) / 1000);
  const gap = pauseSamples('sentence', sampleRate, lengthScale);
  const spoken = sentences.map((pieces) => pieces.reduce((n, p) => n + p.length, 0));
  const nonEmpty = spoken.filter((n) => n > 0).length;
  const total = spoken.reduce((a, b) => a + b, 0) + Math.max(0, nonEmpty - 1) * gap;
  const out = new Float32Array(total);
  const timing: { start: number; end: number }[] = [];
  let pos = 0;
  let placed = 0;
  sentences.forEach((pieces, i) => {
    if ((spoken[i] ?? 0) > 0 && placed > 0) pos += gap;
    const start = pos;
    for (const p of pieces) {
      const copy = Float32Array.from(p);
      fadeEdges(copy, fade);
      out.set(copy, pos);
      pos += copy.length;
    }
    if ((spoken[i] ?? 0) > 0) placed++;
    timing.push({ start, end: pos });
  });
  return { samples: floatToInt16(out), sentences: timing };
}
