import { describe, expect, it } from 'vitest';
import { toSrt, toWebVtt } from './subtitles';

const cues = [
  { startSeconds: 0, endSeconds: 1.5, text: 'Hello there.' },
  { startSeconds: 3661.25, endSeconds: 3662.001, text: 'A  second\nline --> here.' },
];

describe(toWebVtt.name, () => {
  it('writes WEBVTT cues with dotted milliseconds and safe text', () => {
    expect(toWebVtt(cues)).toBe(
      'WEBVTT\n\n1\n00:00:00.000 --> 00:00:01.500\nHello there.\n\n2\n01:01:01.250 --> 01:01:02.001\nA second line → here.\n',
    );
  });
});

describe(toSrt.name, () => {
  it('writes SRT cues with comma milliseconds', () => {
    expect(toSrt(cues)).toContain('1\n00:00:00,000 --> 00:00:01,500\nHello there.\n');
    expect(toSrt(cues)).toContain('2\n01:01:01,250 --> 01:01:02,001\n');
  });
});
