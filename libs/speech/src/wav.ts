/** 16-bit PCM mono WAV, the format every stage of the pipeline exchanges. */
export interface PcmAudio {
  samples: Int16Array;
  sampleRate: number;
}

const HEADER_BYTES = 44;

export function floatToInt16(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const v = (samples[i] ?? 0) * 32767;
    out[i] = v > 32767 ? 32767 : v < -32767 ? -32767 : v;
  }
  return out;
}

export function encodeWav({ samples, sampleRate }: PcmAudio): Buffer {
  const dataBytes = samples.length * 2;
  const buf = Buffer.alloc(HEADER_BYTES + dataBytes);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + dataBytes, 4);
  buf.write('WAVE', 8, 'ascii');
  buf.write('fmt ', 12, 'ascii');
  buf.writeUInt32LE(16, 16); // fmt chunk size
  buf.writeUInt16LE(1, 20); // PCM
  buf.writeUInt16LE(1, 22); // mono
  buf.writeUInt32LE(sampleRate, 24);
  buf.writeUInt32LE(sampleRate * 2, 28); // byte rate
  buf.writeUInt16LE(2, 32); // block align
  buf.writeUInt16LE(16, 34); // bits per sample
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(dataBytes, 40);
  Buffer.from(samples.buffer, samples.byteOffset, dataBytes).copy(buf, HEADER_BYTES);
  return buf;
}

/** Reads a 16-bit PCM mono WAV (ours, or any with a plain fmt/data layout). */
export function decodeWav(buf: Buffer): PcmAudio {
  if (
    buf.length < HEADER_BYTES ||
    buf.toString('ascii', 0, 4) !== 'RIFF' ||
    buf.toString('ascii', 8, 12) !== 'WAVE'
  ) {
    throw new Error('not a RIFF/WAVE file');
  }
  let offset = 12;
  let sampleRate = 0;
  while (offset + 8 <= buf.length) {
    const id = buf.toString('ascii', offset, offset + 4);
    const size = buf.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (
        buf.readUInt16LE(body) !== 1 ||
        buf.readUInt16LE(body + 2) !== 1 ||
        buf.readUInt16LE(body + 14) !== 16
      ) {
        throw new Error('only 16-bit PCM mono WAV is supported');
      }
      sampleRate = buf.readUInt32LE(body + 4);
    } else if (id === 'data') {
      const end = Math.min(body + size, buf.length);
      const copy = Buffer.from(buf.subarray(body, end));
      return {
        samples: new Int16Array(copy.buffer, copy.byteOffset, Math.floor(copy.length / 2)),
        sampleRate,
      };
    }
    offset = body + size + (size % 2);
  }
  throw new Error('WAV has no data chunk');
}

export function durationSeconds(audio: PcmAudio): number {
  return audio.samples.length / audio.sampleRate;
}
