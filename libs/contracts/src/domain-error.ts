/**
 * Stable error codes shared by the API and the worker. The API maps each code to an HTTP
 * status in one place; renaming a code is a breaking change for clients.
 */
export const ERROR_CODES = {
  VOICE_NOT_FOUND: 'voice_not_found',
  VOICE_INVALID: 'voice_invalid',
  VOICE_CHECKSUM_MISMATCH: 'voice_checksum_mismatch',
  TEXT_EMPTY: 'text_empty',
  TEXT_UNSPEAKABLE: 'text_unspeakable',
  PHONEMIZER_UNAVAILABLE: 'phonemizer_unavailable',
  INFERENCE_FAILED: 'inference_failed',
  UNSUPPORTED_DOCUMENT: 'unsupported_document',
  INVALID_SSML: 'invalid_ssml',
  UNSUPPORTED_FORMAT: 'unsupported_format',
  UNSUPPORTED_MEDIA_TYPE: 'unsupported_media_type',
  DOCUMENT_TOO_LARGE: 'document_too_large',
  INVALID_REQUEST: 'invalid_request',
  MALFORMED_JSON: 'malformed_json',
  JOB_NOT_FOUND: 'job_not_found',
  JOB_NOT_CANCELLABLE: 'job_not_cancellable',
  IDEMPOTENCY_CONFLICT: 'idempotency_conflict',
  DEPENDENCY_UNAVAILABLE: 'dependency_unavailable',
  UNAUTHENTICATED: 'unauthenticated',
  FORBIDDEN: 'forbidden',
  RATE_LIMITED: 'rate_limited',
  QUOTA_EXCEEDED: 'quota_exceeded',
  INTERACTIVE_TOO_LARGE: 'interactive_too_large',
  TEXT_SCRIPT_NOT_ALLOWED: 'text_script_not_allowed',
  KEY_NOT_FOUND: 'key_not_found',
  WEBHOOK_NOT_FOUND: 'webhook_not_found',
  WEBHOOK_URL_NOT_ALLOWED: 'webhook_url_not_allowed',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
