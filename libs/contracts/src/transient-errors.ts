const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** S3 error codes that mean "the server is busy or starting", not "your request is wrong". */
const S3_BUSY_CODES = new Set([
  'ServiceUnavailable',
  'SlowDown',
  'InternalError',
  'RequestTimeout',
  'XMinioServerNotInitialized',
  'XMinioStorageFull',
]);

// "Query runner already released": TypeORM, when the connection under a transaction died.
const TRANSIENT_MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|Retryable HTTP status: 5\d\d|socket hang up|Client network socket disconnected|Query runner already released/i;

/**
 * A backing service (PostgreSQL, S3, Kafka) is down, restarting or unreachable: worth
 * retrying later, never a reason to give up on the work or to blame the input. Looks
 * through wrapped causes (TypeORM's driverError, kafkajs' originalError, `cause`).
 */
export function isTransientError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const x = e as {
      code?: unknown;
      message?: unknown;
      name?: unknown;
      retriable?: unknown;
      driverError?: unknown;
      originalError?: unknown;
      cause?: unknown;
    };
    const code = typeof x.code === 'string' ? x.code : '';
    if (NETWORK_CODES.has(code) || S3_BUSY_CODES.has(code)) return true;
    // PostgreSQL: connection exceptions (08xxx), shutdown and crash recovery (57P01-57P03).
    if (/^08|^57P0/.test(code)) return true;
    if (typeof x.name === 'string' && /^KafkaJS(Connection|RequestTimeout|BrokerNotFound)Error$/.test(x.name))
      return true;
    if (x.retriable === true) return true;
    if (typeof x.message === 'string' && TRANSIENT_MESSAGES.test(x.message)) return true;
    e = x.driverError ?? x.originalError ?? x.cause;
  }
  return false;
}
