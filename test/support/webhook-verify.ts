import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A receiver's check of `Chorus-Signature: t=<ts>,v1=<hex>`, written independently of the
 * API's signer (it is the snippet in docs/usage.md): HMAC-SHA256 of "<ts>.<raw body>" with the
 * webhook's secret, compared in constant time, timestamp within 5 minutes.
 */
export function verifyChorusSignature(header: string, secret: string, rawBody: string): boolean {
  const fields = new Map(header.split(',').map((kv) => kv.split('=', 2) as [string, string]));
  const t = Number(fields.get('t'));
  if (!Number.isFinite(t) || Math.abs(Date.now() / 1000 - t) > 300) return false;
  const expected = createHmac('sha256', secret)
    .update(`${fields.get('t')}.${rawBody}`)
    .digest();
  const given = Buffer.from(String(fields.get('v1') ?? ''), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
