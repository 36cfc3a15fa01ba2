import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { breakMarker, DomainError, ERROR_CODES, rateMarker } from '@chorus/contracts';
import type { RawBlock } from './parsed-document';

const BREAK_STRENGTH_MS: Record<string, number> = {
  none: 0,
  'x-weak': 100,
  weak: 200,
  medium: 400,
  strong: 700,
  'x-strong': 1200,
};
const RATE_WORDS: Record<string, number> = {
  'x-slow': 0.5,
  slow: 0.75,
  medium: 1,
  fast: 1.25,
  'x-fast': 1.5,
};
const SAY_AS = new Set(['characters', 'spell-out', 'cardinal', 'number', 'ordinal', 'date', 'telephone']);
const MAX_BREAK_MS = 10_000;
const IPA_FORBIDDEN = /[[\]<>{}\\\d]/;

function fail(message: string): never {
  throw new DomainError(ERROR_CODES.INVALID_SSML, message);
}

function parseTime(value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s)\s*$/.exec(value);
  if (!m) fail(`<break time="${value}"> must be like "500ms" or "1.5s"`);
  const ms = Number(m[1]) * (m[2] === 's' ? 1000 : 1);
  if (ms > MAX_BREAK_MS) fail(`<break> is at most ${MAX_BREAK_MS / 1000} s`);
  return Math.round(ms);
}

function parseRate(value: string): number {
  const word = RATE_WORDS[value.trim()];
  if (word !== undefined) return word;
  const m = /^\s*(\d+(?:\.\d+)?)%\s*$/.exec(value);
  const rate = m ? Number(m[1]) / 100 : NaN;
  if (!(rate >= 0.25 && rate <= 4))
    fail(`<prosody rate="${value}"> must be x-slow…x-fast or a percentage between 25% and 400%`);
  return rate;
}

function ordinalSuffix(n: number): string {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
}

/** `<say-as>` content rewritten so the normalizer reads it the way the tag asks. */
function sayAs(kind: string, text: string): string {
  const t = text.trim();
  switch (kind) {
    case 'characters':
    case 'spell-out':
      return [...t.replace(/\s+/g, '')].join(' ');
    case 'cardinal':
    case 'number': {
      const digits = t.replace(/[,\s]/g, '');
      if (!/^-?\d+(\.\d+)?$/.test(digits)) fail(`<say-as interpret-as="${kind}"> needs a number, got "${t}"`);
      // Thousands separators make the normalizer read a cardinal, never a year.
      const [int, frac] = digits.split('.');
      const grouped = Number(int).toLocaleString('en-US');
      return frac ? `${grouped}.${frac}` : grouped;
    }
    case 'ordinal': {
      const n = Number(t.replace(/[,\s]/g, ''));
      if (!Number.isInteger(n) || n < 0)
        fail(`<say-as interpret-as="ordinal"> needs a whole number, got "${t}"`);
      return `${n.toLocaleString('en-US')}${ordinalSuffix(n)}`;
    }
    case 'telephone':
      return t
        .split(/[^\d]+/)
        .filter(Boolean)
        .map((group) => [...group].join(' '))
        .join(', ');
    default:
      return t; // date: the normalizer reads dates
  }
}

/**
 * A safe reading of the SSML subset chorus supports: `<speak>`, `<p>`, `<s>`, `<break>`,
 * `<say-as>`, `<sub>`, `<phoneme>` and `<prosody rate>` (nested or not, around any text: it
 * becomes rate switches the worker follows). Anything else
 * is refused with its name, never read aloud. A DOCTYPE is refused, so no entity (internal
 * or external) is ever expanded; only XML's five predefined entities are understood.
 */
export function extractSsml(source: string): RawBlock[] {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const blocks: RawBlock[] = [];
  const stack: string[] = [];
  let paragraph = '';
  let inline: { tag: string; attributes: Record<string, string>; text: string } | undefined;
  const rates: number[] = [1];

  const flush = () => {
    if (paragraph.trim()) blocks.push({ kind: 'paragraph', text: paragraph });
    paragraph = '';
  };
  const append = (text: string) => {
    paragraph += text;
  };

  parser.on('doctype', () => fail('a DOCTYPE is not allowed in SSML'));
  parser.on('processinginstruction', (pi) => fail(`processing instruction <?${pi.target}?> is not allowed`));
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const name = tag.name;
    const attributes = tag.attributes;
    if (stack.length === 0 && name !== 'speak') fail(`SSML must start with <speak>, not <${name}>`);
    if (inline) fail(`<${inline.tag}> may contain only text, not <${name}>`);
    switch (name) {
      case 'speak':
        if (stack.length > 0) fail('<speak> cannot be nested');
        break;
      case 'p':
        flush();
        break;
      case 's':
        break;
      case 'break': {
        const ms =
          attributes.time !== undefined
            ? parseTime(attributes.time)
            : BREAK_STRENGTH_MS[attributes.strength ?? 'medium'];
        if (ms === undefined) fail(`<break strength="${attributes.strength}"> is not a known strength`);
        paragraph += ` ${breakMarker(ms)} `;
        break;
      }
      case 'say-as':
        if (!SAY_AS.has(attributes['interpret-as'] ?? '')) {
          fail(
            `<say-as interpret-as="${attributes['interpret-as'] ?? ''}"> is not supported (use ${[...SAY_AS].join(', ')})`,
          );
        }
        inline = { tag: name, attributes, text: '' };
        break;
      case 'sub':
        if (!attributes.alias?.trim()) fail('<sub> needs an alias');
        inline = { tag: name, attributes, text: '' };
        break;
      case 'phoneme':
        if ((attributes.alphabet ?? 'ipa') !== 'ipa')
          fail(`<phoneme alphabet="${attributes.alphabet}"> is not supported; use ipa`);
        if (!attributes.ph?.trim() || IPA_FORBIDDEN.test(attributes.ph))
          fail('<phoneme> needs a ph attribute of IPA symbols');
        inline = { tag: name, attributes, text: '' };
        break;
      case 'prosody': {
        const other = Object.keys(attributes).filter((a) => a !== 'rate');
        if (other.length > 0) fail(`<prosody ${other.join(', ')}> is not supported; only rate is`);
        // Rates multiply, as nested prosody does: x-slow inside fast is 1.25 × 0.5.
        const rate = parseRate(attributes.rate ?? 'medium') * (rates.at(-1) ?? 1);
        rates.push(rate);
        paragraph += rateMarker(rate);
        break;
      }
      default:
        fail(
          `<${name}> is not supported; chorus reads speak, p, s, break, say-as, sub, phoneme and prosody rate`,
        );
    }
    stack.push(name);
  });
  parser.on('text', (text) => {
    if (inline) inline.text += text;
    else if (stack.length > 0) append(text);
  });
  parser.on('closetag', (tag) => {
    stack.pop();
    switch (tag.name) {
      case 'p':
        flush();
        break;
      case 's':
        // Directives (private-use characters) at the end do not count: "<s>Hi.</s>" inside a prosody is still closed.
        if (!/[.!?…]["')\]]*\s*$/.test(paragraph.replace(/[\uE000-\uE6FF]/g, '')))
          paragraph = `${paragraph.trimEnd()}.`;
        paragraph += ' ';
        break;
      case 'say-as':
        append(` ${sayAs(inline?.attributes['interpret-as'] ?? '', inline?.text ?? '')} `);
        inline = undefined;
        break;
      case 'sub':
        append(` ${inline?.attributes.alias ?? ''} `);
        inline = undefined;
        break;
      case 'phoneme':
        append(` [[ ${inline?.attributes.ph?.trim() ?? ''} ]] `);
        inline = undefined;
        break;
      case 'prosody':
        rates.pop();
        paragraph += rateMarker(rates.at(-1) ?? 1);
        break;
      default:
        break;
    }
  });
  try {
    parser.write(source).close();
  } catch (err) {
    if (err instanceof DomainError) throw err;
    fail(`not well-formed XML: ${(err as Error).message}`);
  }
  flush();
  return blocks;
}
