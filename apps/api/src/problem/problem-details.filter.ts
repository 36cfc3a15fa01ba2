import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { DomainError, ERROR_CODES } from '@chorus/contracts';
import { PROBLEM_CONTENT_TYPE, problemForCode, type ProblemDetails } from './problem';

/**
 * The API's only exception filter: domain errors by code, Nest's HTTP exceptions by status,
 * anything else a 500 whose details stay in the log under an error id.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const problem = this.toProblem(exception);
    problem.instance = req.originalUrl.split('?')[0];
    if (problem.status === 503) res.setHeader('Retry-After', '5');
    // Over the tenant's queue cap: jobs take minutes, so there is no point retrying sooner.
    if (problem.status === 429) res.setHeader('Retry-After', '30');
    res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof DomainError) {
      const problem = problemForCode(exception.code, exception.message, exception.details);
      if (problem.status >= 500) this.logger.error(`${exception.code}: ${exception.message}`);
      return problem;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const message =
        typeof body === 'object' && body !== null && 'message' in body ? body.message : exception.message;
      const detail = Array.isArray(message) ? message.join('; ') : String(message);
      const code = status === 404 ? ERROR_CODES.JOB_NOT_FOUND : ERROR_CODES.INVALID_REQUEST;
      if (status === 404 || status === 400)
        return problemForCode(code, status === 404 ? 'no such resource' : detail);
      return { type: 'about:blank', title: exception.name.replace(/Exception$/, ''), status, detail };
    }
    if (isDependencyOutage(exception)) {
      this.logger.warn(`a dependency is unavailable: ${(exception as Error).message}`);
      return problemForCode(
        ERROR_CODES.DEPENDENCY_UNAVAILABLE,
        'a backing service (database or storage) is unavailable; retry shortly',
      );
    }
    const errorId = randomUUID();
    this.logger.error(`unhandled error ${errorId}: ${(exception as Error)?.stack ?? String(exception)}`);
    return {
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: `an unexpected error occurred (error id ${errorId})`,
      errorId,
    };
  }
}

const OUTAGE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EPIPE',
  'ENOTFOUND',
]);

/**
 * The database or object storage is down or unreachable (not a bug, not bad input): connection
 * errors, pool timeouts, and PostgreSQL's connection and shutdown classes (08xxx, 57P0x).
 */
export function isDependencyOutage(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const x = e as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
    const code = typeof x.code === 'string' ? x.code : '';
    if (OUTAGE_CODES.has(code) || /^08|^57P0/.test(code)) return true;
    if (
      typeof x.message === 'string' &&
      /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED/i.test(x.message)
    )
      return true;
    e = x.driverError ?? x.cause;
  }
  return false;
}
