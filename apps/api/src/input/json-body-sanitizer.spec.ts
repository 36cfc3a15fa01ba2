import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, storableJson } from './json-body-sanitizer';

describe(storableJson.name, () => {
  it('makes strings and keys storable: no lone surrogates, no NUL', () => {
    const out = storableJson({ 'a\u0000b': ['x\uD800y', { z: 'nul\u0000here' }], n: 1, t: true, u: null });
    expect(out).toEqual({ ab: ['x\uFFFDy', { z: 'nulhere' }], n: 1, t: true, u: null });
  });

  it('drops __proto__ keys instead of touching a prototype', () => {
    const out = storableJson(JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}')) as Record<
      string,
      unknown
    >;
    expect(out).toEqual({ ok: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses nesting deeper than the limit', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < MAX_JSON_DEPTH + 1; i++) deep = [deep];
    expect(() => storableJson(deep)).toThrow();
    let fine: unknown = 'leaf';
    for (let i = 0; i < MAX_JSON_DEPTH - 1; i++) fine = [fine];
    expect(() => storableJson(fine)).not.toThrow();
  });
});
