import type { PiperVoice } from '@chorus/speech';
import { cpuSeconds } from './bench-report';

export const ZERO = { noise: 0, noiseW: 0 };

export interface Timing {
  seconds: number;
  cpuSeconds: number;
  audioSeconds: number;
}

export const add = (a: Timing, b: Timing): Timing => ({
  seconds: a.seconds + b.seconds,
  cpuSeconds: a.cpuSeconds + b.cpuSeconds,
  audioSeconds: a.audioSeconds + b.audioSeconds,
});
export const rate = (t: Timing) => t.audioSeconds / t.seconds;

export function chunk<T>(xs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/**
 * Contenders take turns block by block, the order reversed every other block, so load from
 * other work on the machine falls on all of them alike. Each plans its passes for a block.
 */
export async function takeTurns(
  contenders: { voice: PiperVoice; plan: (block: number[]) => number[][] }[],
  ids: number[][],
  blocks: number[][],
  labels: string[],
  onWave?: (contender: number, index: number, wave: Float32Array) => void,
): Promise<{ total: Timing; perBlock: number[] }[]> {
  const out = contenders.map(() => ({
    total: { seconds: 0, cpuSeconds: 0, audioSeconds: 0 },
    perBlock: [] as number[],
  }));
  for (const [b, block] of blocks.entries()) {
    const order = contenders.map((_, k) => k);
    if (b % 2 === 1) order.reverse();
    for (const k of order) {
      const t = await run(contenders[k]!.voice, ids, contenders[k]!.plan(block), (i, w) => onWave?.(k, i, w));
      out[k]!.total = add(out[k]!.total, t);
      out[k]!.perBlock.push(rate(t));
    }
    if ((b + 1) % 5 === 0 || b === blocks.length - 1)
      console.log(
        `  ${b + 1}/${blocks.length} blocks: ${labels.map((l, k) => `${l} ${rate(out[k]!.total).toFixed(2)}`).join(' | ')}`,
      );
  }
  return out;
}

/** Runs the passes (indexes into ids), noise 0, and times them; `onWave` gets each item's audio. */
export async function run(
  voice: PiperVoice,
  ids: number[][],
  passes: number[][],
  onWave?: (index: number, wave: Float32Array) => void,
): Promise<Timing> {
  let samples = 0;
  const cpu = cpuSeconds();
  const started = performance.now();
  for (const pass of passes) {
    const waves = await voice.infer(
      pass.map((i) => ids[i]!),
      ZERO,
    );
    waves.forEach((w, k) => {
      samples += w.length;
      onWave?.(pass[k]!, w);
    });
  }
  return {
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: cpuSeconds() - cpu,
    audioSeconds: samples / voice.config.sampleRate,
  };
}
