import { describe, expect, it } from 'vitest';
import { maskQuoted, maskText } from './mask-text';

describe(maskText.name, () => {
  it('keeps a fifth at each end and masks the middle 60%', () => {
    const text = 'abcdefghijklmnopqrstuvwxy'; // 25 chars: keep 5 + 5, mask 15
    expect(maskText(text)).toBe('abcde…[15 chars masked]…uvwxy');
  });

  it('never keeps more than 24 characters at either end of a long text', () => {
    const sentence = 'It was the best of times, it was the worst of times, it was the age of wisdom.';
    const masked = maskText(sentence.repeat(3));
    expect(masked).not.toContain(sentence);
    expect(masked.startsWith(sentence.slice(0, 15))).toBe(true);
    expect(masked.length).toBeLessThan(80);
  });

  it('masks short texts entirely and counts code points, not UTF-16 units', () => {
    expect(maskText('Hi')).toBe('[2 chars masked]');
    expect(maskText('')).toBe('');
    expect(maskText('😀😀😀😀😀😀😀😀😀😀')).toBe('😀😀…[6 chars masked]…😀😀');
  });
});

describe(maskQuoted.name, () => {
  it('masks long quoted runs in a log line and leaves the rest', () => {
    const line = 'lexicon entry "the quick brown fox jumps over the lazy dog" rejected for job "abc"';
    const out = maskQuoted(line);
    expect(out).not.toContain('brown fox jumps');
    expect(out).toContain('job "abc"');
    expect(out.startsWith('lexicon entry "the quic…')).toBe(true);
  });
});
