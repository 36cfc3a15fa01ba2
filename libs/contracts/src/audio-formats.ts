/**
 * Output formats and the sample rates each can carry. WAV takes any rate in range; MP3
 * (MPEG-1/2/2.5 layer III) and Opus have fixed sets, so other rates are refused at the edge.
 */
export const AUDIO_FORMATS = ['wav', 'mp3', 'ogg'] as const;
export type AudioFormat = (typeof AUDIO_FORMATS)[number];

export const MIN_SAMPLE_RATE = 8000;
export const MAX_SAMPLE_RATE = 48000;

export const FORMAT_SAMPLE_RATES: Record<AudioFormat, readonly number[] | 'any'> = {
  wav: 'any',
  mp3: [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000],
  ogg: [8000, 12000, 16000, 24000, 48000],
};

export const AUDIO_CONTENT_TYPES: Record<AudioFormat, string> = {
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
};

export const SPLIT_MODES = ['none', 'chapters'] as const;
export type SplitMode = (typeof SPLIT_MODES)[number];

export function isAudioFormat(value: string): value is AudioFormat {
  return (AUDIO_FORMATS as readonly string[]).includes(value);
}

/** Whether `format` can carry `rate`; a string saying what it can otherwise. */
export function sampleRateProblem(format: AudioFormat, rate: number): string | undefined {
  const allowed = FORMAT_SAMPLE_RATES[format];
  if (allowed === 'any' || allowed.includes(rate)) return undefined;
  return `${format} carries sample rates ${allowed.join(', ')} Hz; ${rate} is not one of them`;
}
