import { isAudioFormat, type AudioFormat, type SplitMode } from '@chorus/contracts';

export interface OutputOptions {
  format: AudioFormat;
  sampleRate: number;
  split: SplitMode;
}

/**
 * The job's output as the API recorded it (`format` column, `sampleRate` and `split` in its
 * options, both checked at submission); the voice's own rate when none was asked for.
 */
export function outputOptions(
  format: string,
  options: Record<string, unknown>,
  voiceRate: number,
): OutputOptions {
  if (!isAudioFormat(format)) throw new Error(`job format "${format}" is not one the finalizer writes`);
  const rate = options.sampleRate;
  return {
    format,
    sampleRate: typeof rate === 'number' && Number.isInteger(rate) ? rate : voiceRate,
    split: options.split === 'chapters' ? 'chapters' : 'none',
  };
}
