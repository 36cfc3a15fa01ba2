/**
 * What chorus would say for a text, and how: the normalized spoken text and the phonemes of
 * each sentence (the same as POST /v1/speech/preview, without a running API).
 *
 *   npm run preview -- "Dr. Smith paid $3.50." [--voice NAME] [--lexicon lexicon.json] [--json]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '@chorus/config';
import { exitCodeFor } from './cli-exit';
import { Lexicon, SpeechRuntime, type LexiconEntry } from '@chorus/speech';

function main(): number {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      voice: { type: 'string' },
      lexicon: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const config = loadConfig();
  const runtime = new SpeechRuntime(config.speech);
  const voice = values.voice ?? config.speech.defaultVoice;
  try {
    const lexicon = values.lexicon
      ? Lexicon.from(
          (JSON.parse(readFileSync(values.lexicon, 'utf8')) as { entries: LexiconEntry[] }).entries,
        )
      : undefined;
    const text = runtime.text(voice);
    const input = positionals.join(' ');
    const spoken = text.spoken(input, { lexicon });
    const phonemes = text.prepare(input, { lexicon }).map((s) => s.phonemes);
    if (values.json) console.log(JSON.stringify({ voice, spoken, phonemes }, null, 2));
    else
      console.log(
        `voice:    ${voice}\nspoken:   ${spoken}\n${phonemes.map((p) => `phonemes: ${p}`).join('\n')}`,
      );
    return 0;
  } catch (err) {
    return exitCodeFor(err);
  }
}

process.exit(main());
