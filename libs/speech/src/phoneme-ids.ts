import type { VoiceConfig } from './voice-config';

const PAD = '_';
const BOS = '^';
const EOS = '$';

export interface PhonemeIds {
  ids: number[];
  /** Phonemes that the voice has no id for (skipped, as the reference runtime does). */
  missing: string[];
}

/**
 * Piper's mapping: BOS, pad, then each phoneme followed by a pad, then EOS. Phonemes are
 * code points of the NFD-normalized IPA string.
 */
export function phonemesToIds(phonemes: string, voice: Pick<VoiceConfig, 'phonemeIdMap'>): PhonemeIds {
  const map = voice.phonemeIdMap;
  const pad = map.get(PAD) ?? [0];
  const ids = [...(map.get(BOS) ?? [1]), ...pad];
  const missing: string[] = [];
  for (const p of phonemes.normalize('NFD')) {
    const mapped = map.get(p);
    if (!mapped) {
      missing.push(p);
      continue;
    }
    ids.push(...mapped, ...pad);
  }
  ids.push(...(map.get(EOS) ?? [2]));
  return { ids, missing };
}

/** True when the ids carry at least one phoneme besides the frame (BOS, pads, EOS, spaces). */
export function hasSpokenPhonemes(phonemes: string): boolean {
  return /[^\s.,;:!?'"()\-—–…]/u.test(phonemes);
}
