import type { EntityManager } from 'typeorm';

type Runner = Pick<EntityManager, 'query'>;

/**
 * Runs an UPDATE/DELETE ... RETURNING and gives its rows. TypeORM's pg driver answers such
 * statements with `[rows, rowCount]` instead of the rows themselves.
 */
export async function returning<T>(db: Runner, sql: string, params: unknown[]): Promise<T[]> {
  const result: unknown = await db.query(sql, params);
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as T[];
  }
  return result as T[];
}
