import { createHash, randomBytes } from 'node:crypto';

/** `chorus_` + 32 random bytes, base64url: 256 bits, so a fast hash is enough to store it. */
const KEY_SHAPE = /^chorus_[A-Za-z0-9_-]{43}$/;

export function newApiKeySecret(): string {
  return `chorus_${randomBytes(32).toString('base64url')}`;
}

export function looksLikeApiKey(value: string): boolean {
  return KEY_SHAPE.test(value);
}

export function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** What may be shown of a key after creation: enough to recognise it, not to use it. */
export function apiKeyPrefix(secret: string): string {
  return secret.slice(0, 13);
}
