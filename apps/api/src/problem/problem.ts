import type { Request, Response } from 'express';
import { ERROR_CODES, type ErrorCode } from '@chorus/contracts';

/** RFC 9457 problem details, with our stable `code` as an extension member. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code?: string;
  instance?: string;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** One place where a domain error code becomes an HTTP status and a title. */
const STATUS: Record<ErrorCode, [number, string]> = {
  [ERROR_CODES.VOICE_NOT_FOUND]: [400, 'Unknown voice'],
  [ERROR_CODES.VOICE_INVALID]: [500, 'Voice unusable'],
  [ERROR_CODES.VOICE_CHECKSUM_MISMATCH]: [500, 'Voice unusable'],
  [ERROR_CODES.TEXT_EMPTY]: [400, 'Empty text'],
  [ERROR_CODES.TEXT_UNSPEAKABLE]: [400, 'Nothing to read aloud'],
  [ERROR_CODES.PHONEMIZER_UNAVAILABLE]: [503, 'Speech runtime unavailable'],
  [ERROR_CODES.INFERENCE_FAILED]: [500, 'Synthesis failed'],
  [ERROR_CODES.UNSUPPORTED_DOCUMENT]: [415, 'Unsupported document type'],
  [ERROR_CODES.INVALID_SSML]: [400, 'Invalid or unsupported SSML'],
  [ERROR_CODES.UNSUPPORTED_FORMAT]: [400, 'Unsupported audio format'],
  [ERROR_CODES.UNSUPPORTED_MEDIA_TYPE]: [415, 'Unsupported media type'],
  [ERROR_CODES.DOCUMENT_TOO_LARGE]: [413, 'Document too large'],
  [ERROR_CODES.INTERACTIVE_TOO_LARGE]: [422, 'Too large for the interactive lane'],
  [ERROR_CODES.INVALID_REQUEST]: [400, 'Invalid request'],
  [ERROR_CODES.MALFORMED_JSON]: [400, 'Malformed JSON'],
  [ERROR_CODES.JOB_NOT_FOUND]: [404, 'Job not found'],
  [ERROR_CODES.JOB_NOT_CANCELLABLE]: [409, 'Job cannot be cancelled'],
  [ERROR_CODES.IDEMPOTENCY_CONFLICT]: [409, 'Idempotency key reused with another request'],
  [ERROR_CODES.DEPENDENCY_UNAVAILABLE]: [503, 'Service temporarily unavailable'],
  [ERROR_CODES.UNAUTHENTICATED]: [401, 'Missing or invalid API key'],
  [ERROR_CODES.FORBIDDEN]: [403, 'Not allowed with this key'],
  [ERROR_CODES.RATE_LIMITED]: [429, 'Too many requests'],
  [ERROR_CODES.QUOTA_EXCEEDED]: [429, 'Queued characters over the tenant quota'],
  [ERROR_CODES.TEXT_SCRIPT_NOT_ALLOWED]: [422, 'Characters outside the voice language'],
  [ERROR_CODES.KEY_NOT_FOUND]: [404, 'API key not found'],
  [ERROR_CODES.WEBHOOK_NOT_FOUND]: [404, 'Webhook not found'],
  [ERROR_CODES.WEBHOOK_URL_NOT_ALLOWED]: [422, 'Webhook URL not allowed'],
};

export function problemType(code: string): string {
  return `urn:chorus:problem:${code}`;
}

export function problemForCode(
  code: ErrorCode,
  detail: string,
  extra: Record<string, unknown> = {},
): ProblemDetails {
  const [status, title] = STATUS[code];
  // Extension members never override the standard ones.
  return { ...extra, type: problemType(code), title, status, detail, code };
}

/** Answers with a problem document, outside Nest's exception filter (from express middleware). */
export function sendProblem(req: Request, res: Response, problem: ProblemDetails): void {
  problem.instance = req.originalUrl.split('?')[0];
  res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}
