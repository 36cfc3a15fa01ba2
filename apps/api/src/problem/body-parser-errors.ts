import type { NextFunction, Request, Response } from 'express';
import { ERROR_CODES } from '@chorus/contracts';
import { problemForCode, sendProblem, type ProblemDetails } from './problem';

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
}

/**
 * Express error middleware placed right after the body parser: malformed JSON and oversized
 * bodies are answered as problem+json before any route runs.
 */
export function bodyParserErrors(err: unknown, req: Request, res: Response, next: NextFunction): void {
  const e = err as BodyParserError;
  let problem: ProblemDetails | undefined;
  if (e?.type === 'entity.parse.failed')
    problem = problemForCode(ERROR_CODES.MALFORMED_JSON, 'the request body is not valid JSON');
  else if (e?.type === 'entity.too.large')
    problem = problemForCode(
      ERROR_CODES.DOCUMENT_TOO_LARGE,
      `the request body is larger than ${e.limit ?? 'the limit'} bytes`,
    );
  else if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported')
    problem = problemForCode(ERROR_CODES.UNSUPPORTED_MEDIA_TYPE, 'unsupported request encoding');
  else if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500)
    problem = problemForCode(ERROR_CODES.INVALID_REQUEST, 'the request body could not be read');
  if (!problem) return next(err);
  sendProblem(req, res, problem);
}
