import { afterEach, describe, expect, it, vi } from 'vitest';
import { RedactingLogger } from './redacting-logger';

describe(RedactingLogger.name, () => {
  afterEach(() => vi.restoreAllMocks());

  it('masks long quoted text in messages and stacks, as JSON lines', () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
    const sut = new RedactingLogger();
    const secret = 'The manuscript of the unpublished novel begins here';
    sut.log(`rejected "${secret}"`, 'Test');
    sut.error(`failed on "${secret}"`, `Error: "${secret}"\n    at x`, 'Test');
    const text = out.join('');
    expect(text).not.toContain(secret);
    expect(text).toContain('chars masked');
    for (const line of text.trim().split('\n')) expect(() => JSON.parse(line) as unknown).not.toThrow();
  });
});
