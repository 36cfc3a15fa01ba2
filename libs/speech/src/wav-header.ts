import { encodeWav } from './wav';

/** The 44-byte header of a 16-bit mono PCM WAV holding `samples` samples, for streaming writers. */
export function wavHeader(samples: number, sampleRate: number): Buffer {
  const header = encodeWav({ samples: new Int16Array(0), sampleRate });
  header.writeUInt32LE(36 + samples * 2, 4);
  header.writeUInt32LE(samples * 2, 40);
  return header;
}

export const WAV_HEADER_BYTES = 44;
