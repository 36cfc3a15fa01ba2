import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/** Who is calling: a tenant's API key, or the operator's admin key. */
export type Principal = { kind: 'tenant'; tenant: string; keyId: string } | { kind: 'admin' };

export interface AuthenticatedRequest extends Request {
  principal?: Principal;
}

/**
 * The calling tenant, set by the access middleware. Every tenant-scoped route takes it as a
 * parameter, so no query can forget the tenant.
 */
export const Tenant = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  // The middleware lets no request without a tenant key reach a tenant route; this is a backstop.
  if (principal?.kind !== 'tenant') throw new Error('tenant route reached without a tenant key');
  return principal.tenant;
});

export interface TenantCaller {
  tenant: string;
  keyId: string;
}

/** The calling tenant and the key it used (for records that note which key made them). */
export const Caller = createParamDecorator((_: unknown, ctx: ExecutionContext): TenantCaller => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (principal?.kind !== 'tenant') throw new Error('tenant route reached without a tenant key');
  return { tenant: principal.tenant, keyId: principal.keyId };
});
