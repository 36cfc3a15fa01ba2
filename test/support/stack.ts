import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig, type ChorusConfig } from '@chorus/config';

/** The config of the local stack the e2e suite runs against (`npm run stack -- up`). */
export const config: ChorusConfig = loadConfig();

export function fixture(name: string): string {
  return readFileSync(resolve(__dirname, '../fixtures', name), 'utf8');
}

export const VOICE = config.speech.defaultVoice;

/**
 * A port for a process the tests start, shifted by CHORUS_TEST_PORT_OFFSET so a second checkout
 * with its own stack (other CHORUS_* ports) can run its tests on the same machine.
 */
export function testPort(port: number): number {
  return port + Number(process.env.CHORUS_TEST_PORT_OFFSET ?? 0);
}
