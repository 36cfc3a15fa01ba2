import { describe, expect, it } from 'vitest';
import { EnglishNormalizer } from './en/english-normalizer';
import { canonicalLanguage, normalizerFor } from './normalizer-registry';
import { PassthroughNormalizer } from './passthrough-normalizer';

describe(normalizerFor.name, () => {
  it.each(['en', 'en-us', 'en_US', 'EN-us', 'en-gb', 'en_GB', 'en-au'])(
    'gives English rules for %s',
    (tag) => {
      expect(normalizerFor(tag)).toBeInstanceOf(EnglishNormalizer);
    },
  );

  it('reports the canonical tag it resolved', () => {
    expect(normalizerFor('en_US').language).toBe('en-us');
    expect(canonicalLanguage(' de_DE ')).toBe('de-de');
  });

  it('shares one instance per language', () => {
    expect(normalizerFor('en_US')).toBe(normalizerFor('en-us'));
  });

  it('uses the regional conventions: US spelling and month/day, British spelling and day/month', () => {
    expect(normalizerFor('en-us').normalize('5 km on 3/5/2024')).toBe(
      'five kilometers on March fifth, twenty twenty-four',
    );
    expect(normalizerFor('en-gb').normalize('5 km on 3/5/2024')).toBe(
      'five kilometres on the third of May twenty twenty-four',
    );
  });

  it.each(['de', 'fr-FR', 'xx', ''])('falls back to a pass-through for %j', (tag) => {
    const sut = normalizerFor(tag);
    expect(sut).toBeInstanceOf(PassthroughNormalizer);
    expect(sut.normalize('  Er   zahlte\u00a0$3.50\u200b am 12. Mai.  ')).toBe('Er zahlte $3.50 am 12. Mai.');
  });

  it('treats the heading context as optional', () => {
    const sut = normalizerFor('en');
    expect(sut.normalize('IV. The Descent')).toBe('IV. The Descent');
    expect(sut.normalize('IV. The Descent', { heading: true })).toBe('four. The Descent');
  });
});
