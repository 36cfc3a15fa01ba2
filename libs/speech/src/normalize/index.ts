export * from './text-normalizer';
export * from './normalizer-registry';
export { PassthroughNormalizer } from './passthrough-normalizer';
export { EnglishNormalizer } from './en/english-normalizer';
