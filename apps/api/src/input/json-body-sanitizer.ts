import type { NextFunction, Request, Response } from 'express';
import { ERROR_CODES } from '@chorus/contracts';
import { problemForCode, sendProblem } from '../problem/problem';

export const MAX_JSON_DEPTH = 32;

class TooDeep extends Error {}

/** Well-formed UTF-16 (lone surrogates become U+FFFD) and no NUL, which PostgreSQL cannot store. */
export function storableString(s: string): string {
  return s.toWellFormed().replaceAll('\u0000', '');
}

/** A JSON value with every string and key storable; throws past MAX_JSON_DEPTH levels. */
export function storableJson(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return storableString(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_JSON_DEPTH) throw new TooDeep();
  if (Array.isArray(value)) return value.map((v) => storableJson(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    // A plain data object: never let a key reach the prototype.
    if (k === '__proto__') continue;
    out[storableString(k)] = storableJson(v, depth + 1);
  }
  return out;
}

/**
 * Runs right after the JSON parser: a request body nested deeper than any of ours is refused,
 * and every string in it is made storable before validation sees it.
 */
export function sanitizeJsonBody(req: Request, res: Response, next: NextFunction): void {
  if (req.body === undefined || req.body === null || typeof req.body !== 'object') return next();
  try {
    req.body = storableJson(req.body);
    next();
  } catch (err) {
    if (!(err instanceof TooDeep)) return next(err);
    sendProblem(
      req,
      res,
      problemForCode(
        ERROR_CODES.INVALID_REQUEST,
        `the JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`,
      ),
    );
  }
}
