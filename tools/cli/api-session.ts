/** Exit codes, for scripts (also in docs/usage.md). */
export const EXIT = {
  OK: 0,
  /** The job ended failed or cancelled. */
  JOB_FAILED: 1,
  /** Bad usage or input the API refused (4xx). */
  USAGE: 2,
  /** The API could not be reached or answered 5xx. */
  UNREACHABLE: 3,
  /** The key was refused (401/403). */
  AUTH: 4,
} as const;

export class CliError extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}

interface Problem {
  title?: string;
  detail?: string;
  code?: string;
}

/** The API at `url` as one key sees it; every failure becomes a CliError with its exit code. */
export class ApiSession {
  constructor(
    readonly url: string,
    private readonly key: string | undefined,
  ) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.key && !headers.has('authorization')) headers.set('authorization', `Bearer ${this.key}`);
    let res: Response;
    try {
      res = await fetch(`${this.url}${path}`, { ...init, headers });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
      throw new CliError(EXIT.UNREACHABLE, `cannot reach the API at ${this.url} (${cause})`);
    }
    if (res.ok) return res;
    const problem = (await res.json().catch(() => ({}))) as Problem;
    const what = `${res.status} ${problem.code ?? problem.title ?? ''}: ${problem.detail ?? ''}`.trim();
    if (res.status === 401 || res.status === 403)
      throw new CliError(EXIT.AUTH, `the API refused the key (${what})`);
    if (res.status >= 500) throw new CliError(EXIT.UNREACHABLE, `the API failed (${what})`);
    throw new CliError(EXIT.USAGE, `the API refused the request (${what})`);
  }

  async json<T>(path: string, init: RequestInit = {}): Promise<T> {
    return (await (await this.request(path, init)).json()) as T;
  }
}
