import { EnglishNormalizer } from './en/english-normalizer';
import { PassthroughNormalizer } from './passthrough-normalizer';
import type { TextNormalizer } from './text-normalizer';

export type NormalizerFactory = (language: string) => TextNormalizer;

/** Keyed by primary language subtag; a language plugs in by adding its factory here. */
const FACTORIES = new Map<string, NormalizerFactory>([['en', (language) => new EnglishNormalizer(language)]]);
const resolved = new Map<string, TextNormalizer>();

/** "en_US", "EN-us " → "en-us". */
export function canonicalLanguage(language: string): string {
  return language.trim().toLowerCase().replace(/_/g, '-');
}

/**
 * The normalizer for a voice's language ("en", "en-us", "en_US", "en-gb"). Languages without
 * rules get a pass-through that only cleans Unicode and whitespace. Normalizers are stateless,
 * so one instance per language is shared.
 */
export function normalizerFor(language: string): TextNormalizer {
  const tag = canonicalLanguage(language);
  let normalizer = resolved.get(tag);
  if (normalizer === undefined) {
    const factory = FACTORIES.get(tag.split('-')[0] ?? '');
    normalizer = factory ? factory(tag) : new PassthroughNormalizer(tag);
    resolved.set(tag, normalizer);
  }
  return normalizer;
}
