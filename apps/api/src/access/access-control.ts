import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { InjectConfig, type ChorusConfig } from '@chorus/config';
import { ERROR_CODES } from '@chorus/contracts';
import { ApiKeysRepository } from '@chorus/database';
import { problemForCode, sendProblem } from '../problem/problem';
import { isDependencyOutage } from '../problem/problem-details.filter';
import type { AuthenticatedRequest, Principal } from './principal';
import { RateLimit, type RateLimitVerdict } from './rate-limits';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** `Authorization: Bearer KEY`, or `X-API-Key: KEY`. */
export function presentedKey(req: Request): string | undefined {
  const auth = req.headers.authorization;
  if (auth) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return match?.[1];
  }
  const header = req.headers['x-api-key'];
  return typeof header === 'string' ? header.trim() : undefined;
}

/**
 * Everything under /v1 needs a key; /health and /ready do not. Runs as express middleware
 * before any body is parsed, so an unknown caller costs neither parsing nor a route:
 * per-IP limit, then the key, then the per-key limit.
 */
@Injectable()
export class AccessControl {
  private readonly perIp: RateLimit;
  private readonly perKey: RateLimit;
  private readonly adminDigest: Buffer | undefined;

  constructor(
    @InjectConfig() config: ChorusConfig,
    db: DataSource,
    private readonly keys: ApiKeysRepository,
  ) {
    const { rateLimitPerIp, rateLimitPerKey, rateLimitWindowSeconds } = config.security;
    this.perIp = new RateLimit(db, 'ip', rateLimitPerIp, rateLimitWindowSeconds);
    this.perKey = new RateLimit(db, 'key', rateLimitPerKey, rateLimitWindowSeconds);
    const admin = config.security.adminKey;
    this.adminDigest = admin === undefined ? undefined : digest(admin);
  }

  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    this.admit(req as AuthenticatedRequest, res).then(
      (admitted) => (admitted ? next() : undefined),
      (err: unknown) => {
        if (isDependencyOutage(err)) {
          res.setHeader('Retry-After', '5');
          sendProblem(
            req,
            res,
            problemForCode(ERROR_CODES.DEPENDENCY_UNAVAILABLE, 'the key store is unavailable; retry shortly'),
          );
        } else next(err);
      },
    );
  };

  private async admit(req: AuthenticatedRequest, res: Response): Promise<boolean> {
    if (!req.path.startsWith('/v1/') && req.path !== '/v1') return true;
    if (!this.allowed(req, res, await this.perIp.take(req.ip ?? 'unknown'))) return false;

    const principal = await this.authenticate(presentedKey(req));
    if (!principal) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="chorus"');
      sendProblem(
        req,
        res,
        problemForCode(
          ERROR_CODES.UNAUTHENTICATED,
          'send a valid API key as "Authorization: Bearer <key>" (or "X-API-Key")',
        ),
      );
      return false;
    }
    const adminRoute = req.path === '/v1/admin' || req.path.startsWith('/v1/admin/');
    if (adminRoute !== (principal.kind === 'admin')) {
      sendProblem(
        req,
        res,
        problemForCode(
          ERROR_CODES.FORBIDDEN,
          adminRoute
            ? 'this endpoint needs the admin key'
            : 'the admin key only manages keys; use a tenant key',
        ),
      );
      return false;
    }
    const subject = principal.kind === 'admin' ? 'admin' : principal.keyId;
    if (!this.allowed(req, res, await this.perKey.take(subject))) return false;
    req.principal = principal;
    return true;
  }

  private async authenticate(key: string | undefined): Promise<Principal | undefined> {
    if (!key) return undefined;
    if (this.adminDigest && timingSafeEqual(digest(key), this.adminDigest)) return { kind: 'admin' };
    const record = await this.keys.verify(key);
    return record ? { kind: 'tenant', tenant: record.tenant, keyId: record.id } : undefined;
  }

  private allowed(req: Request, res: Response, verdict: RateLimitVerdict): boolean {
    if (verdict.allowed) return true;
    res.setHeader('Retry-After', String(verdict.retryAfterSeconds));
    sendProblem(
      req,
      res,
      problemForCode(ERROR_CODES.RATE_LIMITED, `slow down; retry in ${verdict.retryAfterSeconds} s`),
    );
    return false;
  }
}
