import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig, type ChorusConfig } from '@chorus/config';

/** The config of the local stack the e2e suite runs against (`npm run stack -- up`). */
export const config: ChorusConfig = loadConfig();

export function fixture(name: string): string {
  return readFileSync(resolve(__dirname, '../fixtures', name), 'utf8');
}

export const VOICE = config.speech.defaultVoice;
