import { describe, expect, it } from 'vitest';
import { SeenEvents } from './seen-events';

describe(SeenEvents.name, () => {
  it('answers true once per id and forgets the oldest past its capacity', () => {
    const sut = new SeenEvents(2);
    expect(sut.firstTime('a')).toBe(true);
    expect(sut.firstTime('a')).toBe(false);
    expect(sut.firstTime('b')).toBe(true);
    expect(sut.firstTime('c')).toBe(true);
    expect(sut.firstTime('a')).toBe(true);
  });
});
