/** Where a pause falls: after a sentence, a paragraph, a chapter heading's section, or the end. */
export type PauseKind = 'sentence' | 'paragraph' | 'chapter' | 'end';

/** Silence at speed 1.0; it stretches with the length scale so pacing stays even. */
export const PAUSE_MS: Readonly<Record<PauseKind, number>> = {
  sentence: 250,
  paragraph: 700,
  chapter: 1500,
  end: 0,
};

export function pauseSamples(kind: PauseKind, sampleRate: number, lengthScale = 1): number {
  return Math.round((PAUSE_MS[kind] * lengthScale * sampleRate) / 1000);
}

/** Fade length at every join: long enough to remove a click, too short to hear. */
export const FADE_MS = 4;
