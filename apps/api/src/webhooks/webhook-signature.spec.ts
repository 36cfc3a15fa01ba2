import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signatureHeader, verifySignature } from './webhook-signature';

describe(signatureHeader.name, () => {
  it('signs "<t>.<body>" with HMAC-SHA256, Stripe style', () => {
    const sut = signatureHeader('whsec_x', '{"a":1}', 1700000000);
    const mac = createHmac('sha256', 'whsec_x').update('1700000000.{"a":1}').digest('hex');
    expect(sut).toBe(`t=1700000000,v1=${mac}`);
  });

  it('verifies, and refuses a changed body, another secret, an old timestamp, garbage', () => {
    const header = signatureHeader('s', 'body', 1000);
    expect(verifySignature(header, 's', 'body', 1010)).toBeUndefined();
    expect(verifySignature(header, 's', 'body!', 1010)).toBe('signature mismatch');
    expect(verifySignature(header, 't', 'body', 1010)).toBe('signature mismatch');
    expect(verifySignature(header, 's', 'body', 2000)).toBe('timestamp outside the tolerance');
    expect(verifySignature('t=1,v1=zz', 's', 'body', 1)).toBe('malformed signature header');
    expect(verifySignature(undefined, 's', 'body')).toBe('no signature header');
  });
});
