import { execFile } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Probe {
  codec: string;
  sampleRate: number;
  channels: number;
  durationSeconds: number;
}

/** What ffprobe decodes from the bytes: codec, rate, channels, duration. */
export async function probe(bytes: Buffer, ext: string): Promise<Probe> {
  const file = join(mkdtempSync(join(tmpdir(), 'chorus-probe-')), `audio.${ext}`);
  writeFileSync(file, bytes);
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    '-show_entries',
    'stream=codec_name,sample_rate,channels:format=duration',
    '-of',
    'json',
    file,
  ]);
  const out = JSON.parse(stdout) as {
    streams: { codec_name: string; sample_rate: string; channels: number }[];
    format: { duration: string };
  };
  const stream = out.streams[0]!;
  return {
    codec: stream.codec_name,
    sampleRate: Number(stream.sample_rate),
    channels: stream.channels,
    durationSeconds: Number(out.format.duration),
  };
}
