export type { Block, BlockKind, ParsedDocument } from './parsed-document';
export { ingestDocument, type DocumentInput } from './ingest-document';
export {
  segmentDocument,
  type PauseAfter,
  type SegmentOptions,
  type SegmentPlan,
  type SentenceSpan,
} from './segment-document';
export { disallowedCharacters, EMOJI, scriptsFor, type DisallowedCharacter } from './script-allow-list';
export { cleanSourceText } from './source-text';
