import { describe, expect, it } from 'vitest';
import { DomainError, splitMarkup, type MarkupPart } from '@chorus/contracts';
import { ingestDocument } from './ingest-document';
import { extractSsml } from './ssml-extractor';

const text = (ssml: string) => ingestDocument({ kind: 'ssml', ssml }).text;

function refusal(ssml: string): DomainError {
  try {
    extractSsml(ssml);
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('invalid_ssml');
    return err as DomainError;
  }
  throw new Error('expected the SSML to be refused');
}

describe(extractSsml.name, () => {
  it('turns <p> into paragraphs and closes <s> sentences', () => {
    const sut = ingestDocument({
      kind: 'ssml',
      ssml: '<speak><p><s>One</s><s>Two!</s></p><p>Three.</p></speak>',
    });
    expect(sut.blocks.map((b) => b.text)).toEqual(['One. Two!', 'Three.']);
    const withRate = text('<speak><s><prosody rate="slow">Slow.</prosody></s><s>Next</s></speak>');
    expect(withRate.replace(/[\uE000-\uE6FF]/g, '')).toBe('Slow. Next.');
  });

  it('encodes breaks as pause directives, by time or strength', () => {
    const { parts } = splitMarkup(
      text('<speak>Wait <break time="1.5s"/> now <break strength="weak"/> go <break/></speak>'),
    );
    expect(parts.filter((p: MarkupPart) => 'pauseMs' in p)).toEqual([
      { pauseMs: 1500 },
      { pauseMs: 200 },
      { pauseMs: 400 },
    ]);
    expect(
      parts.filter((p: MarkupPart) => 'text' in p).map((p: MarkupPart) => ('text' in p ? p.text.trim() : '')),
    ).toEqual(['Wait', 'now', 'go']);
  });

  it('rewrites say-as, sub and phoneme for the normalizer and the phonemizer', () => {
    expect(text('<speak><say-as interpret-as="characters">SQL</say-as></speak>')).toBe('S Q L');
    expect(text('<speak><say-as interpret-as="cardinal">2024</say-as></speak>')).toBe('2,024');
    expect(text('<speak><say-as interpret-as="ordinal">22</say-as></speak>')).toBe('22nd');
    expect(text('<speak><say-as interpret-as="telephone">555-0134</say-as></speak>')).toBe('5 5 5, 0 1 3 4');
    expect(text('<speak><sub alias="World Wide Web Consortium">W3C</sub></speak>')).toBe(
      'World Wide Web Consortium',
    );
    expect(text('<speak>I say <phoneme alphabet="ipa" ph="təmˈeɪɾoʊ">tomato</phoneme>.</speak>')).toBe(
      'I say [[ təmˈeɪɾoʊ ]] .',
    );
  });

  it('turns prosody rate, nested or not, into rate switches the worker follows', () => {
    const { parts } = splitMarkup(
      text(
        '<speak>Plain <prosody rate="slow">slow <prosody rate="200%">fast</prosody> slow again</prosody> plain.</speak>',
      ),
    );
    expect(
      parts
        .filter((p: MarkupPart) => 'text' in p && p.text.trim())
        .map((p: MarkupPart) => ('text' in p ? [p.text.trim(), p.rate] : [])),
    ).toEqual([
      ['Plain', 1],
      ['slow', 0.75],
      ['fast', 1.5],
      ['slow again', 0.75],
      ['plain.', 1],
    ]);
  });

  it('refuses what it does not support, by name, instead of reading it aloud', () => {
    expect(refusal('<speak><audio src="x.mp3"/></speak>').message).toMatch(/<audio> is not supported/);
    expect(refusal('<speak><emphasis>hey</emphasis></speak>').message).toMatch(/<emphasis>/);
    expect(refusal('<speak><prosody pitch="high">hey</prosody></speak>').message).toMatch(/only rate/);
    expect(refusal('<speak><prosody rate="glacial">b</prosody></speak>').message).toMatch(/x-slow…x-fast/);
    expect(refusal('<speak><say-as interpret-as="currency">$3</say-as></speak>').message).toMatch(/currency/);
    expect(refusal('<speak><phoneme alphabet="x-sampa" ph="t@"/></speak>').message).toMatch(/x-sampa/);
    expect(refusal('<speak><break time="60s"/></speak>').message).toMatch(/at most 10 s/);
    expect(refusal('<p>no speak</p>').message).toMatch(/must start with <speak>/);
    expect(refusal('<speak>unclosed').message).toMatch(/not well-formed/);
  });

  it('never expands entities: a DOCTYPE (and so any external entity) is refused', () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE speak [<!ENTITY x SYSTEM "file:///etc/passwd">]><speak>&x;</speak>';
    expect(refusal(xxe).message).toMatch(/DOCTYPE|not well-formed/);
    expect(refusal('<speak>&unknown;</speak>').message).toMatch(/not well-formed/);
    expect(text('<speak>Fish &amp; chips</speak>')).toBe('Fish & chips');
  });
});
