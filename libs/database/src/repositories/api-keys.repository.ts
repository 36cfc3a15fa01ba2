import type { DataSource } from 'typeorm';
import { returning } from './sql';
import { apiKeyPrefix, hashApiKey, looksLikeApiKey, newApiKeySecret } from '../api-key-secret';

export interface ApiKeyRecord {
  id: string;
  tenant: string;
  name: string;
  /** The first characters of the key, for recognising it in a list. */
  prefix: string;
  createdAt: Date;
  revokedAt: Date | null;
}

/** A new key: the secret is in here once and never stored. */
export interface IssuedApiKey extends ApiKeyRecord {
  key: string;
}

export const TENANT_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

interface Row {
  id: string;
  tenant: string;
  name: string;
  prefix: string;
  created_at: Date;
  revoked_at: Date | null;
}

const COLUMNS = 'id, tenant, name, prefix, created_at, revoked_at';

const toRecord = (r: Row): ApiKeyRecord => ({
  id: r.id,
  tenant: r.tenant,
  name: r.name,
  prefix: r.prefix,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

/** API keys, stored as SHA-256 hashes; each belongs to one tenant. */
export class ApiKeysRepository {
  constructor(private readonly db: DataSource) {}

  async issue(tenant: string, name = ''): Promise<IssuedApiKey> {
    if (!TENANT_NAME.test(tenant))
      throw new RangeError(
        'a tenant is 1-63 characters of a-z, 0-9, "_" and "-", starting with a letter or digit',
      );
    const key = newApiKeySecret();
    const [row] = await this.db.query<Row[]>(
      `INSERT INTO api_keys (tenant, name, prefix, hash) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
      [tenant, name.slice(0, 200), apiKeyPrefix(key), hashApiKey(key)],
    );
    return { ...toRecord(row!), key };
  }

  /** The live (not revoked) key with this secret, if any. */
  async verify(secret: string): Promise<ApiKeyRecord | null> {
    if (!looksLikeApiKey(secret)) return null;
    const [row] = await this.db.query<Row[]>(
      `SELECT ${COLUMNS} FROM api_keys WHERE hash = $1 AND revoked_at IS NULL`,
      [hashApiKey(secret)],
    );
    return row ? toRecord(row) : null;
  }

  /** Revokes by id; returns the key as it now is, or null when there is no such key. */
  async revoke(id: string): Promise<ApiKeyRecord | null> {
    const [row] = await returning<Row>(
      this.db,
      `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 RETURNING ${COLUMNS}`,
      [id],
    );
    return row ? toRecord(row) : null;
  }

  async list(tenant?: string): Promise<ApiKeyRecord[]> {
    const rows = await this.db.query<Row[]>(
      `SELECT ${COLUMNS} FROM api_keys WHERE $1::text IS NULL OR tenant = $1 ORDER BY created_at, id LIMIT 1000`,
      [tenant ?? null],
    );
    return rows.map(toRecord);
  }
}
