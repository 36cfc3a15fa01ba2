import { describe, expect, it } from 'vitest';
import { inferTerminator } from './espeak-phonemizer';

describe(inferTerminator.name, () => {
  it('drops espeak’s one character of lookahead and reads the clause end', () => {
    expect(inferTerminator('Hello, w', false)).toEqual({ terminator: ',', endsSentence: false });
    expect(inferTerminator('world! H', false)).toEqual({ terminator: '!', endsSentence: true });
    expect(inferTerminator('thanks: r', false)).toEqual({ terminator: ':', endsSentence: false });
  });

  it('takes the first of a run of marks, as espeak does ("?!" is a question)', () => {
    expect(inferTerminator('really?! N', false)).toEqual({ terminator: '?', endsSentence: true });
  });

  it('treats an ellipsis as a pause inside the sentence', () => {
    expect(inferTerminator('Wait... w', false)).toEqual({ terminator: '', endsSentence: false });
  });

  it('ends the sentence at the end of the text even without punctuation', () => {
    expect(inferTerminator('no stop here', true)).toEqual({ terminator: '', endsSentence: true });
  });
});
