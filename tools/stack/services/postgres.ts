import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { chownSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { capture, must, tail, waitUntil } from '../proc';
import { installDebianPackages } from '../debian-packages';
import { StackError } from '../stack-error';
import type { ServiceStatus, StackContext, StackService } from '../stack-context';

const NAME = 'postgres';

/** A private PostgreSQL cluster from Debian's package, on its own port and data directory. */
export class PostgresService implements StackService {
  readonly name = NAME;
  private readonly data: string;
  private readonly sockets: string;

  private readonly home: string;

  constructor(private readonly ctx: StackContext) {
    this.home = serverHome(ctx);
    this.data = resolve(this.home, 'data');
    this.sockets = resolve(this.home, 'run');
  }

  async provision(): Promise<void> {
    if (!this.binDir()) await installDebianPackages(NAME, ['postgresql']);
    if (existsSync(`${this.data}/PG_VERSION`)) return;
    const { user, password } = this.ctx.config.postgres;
    mkdirSync(this.data, { recursive: true });
    mkdirSync(this.sockets, { recursive: true });
    const pwFile = resolve(this.home, 'pwfile');
    writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
    this.giveToServerUser(this.home);
    await this.asServerUser('initdb', [
      '-D',
      this.data,
      '-U',
      user,
      `--pwfile=${pwFile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--locale=C.UTF-8',
    ]);
  }

  async start(): Promise<void> {
    const { host, port } = this.ctx.config.postgres;
    if (!(await this.ready())) {
      const opts = `-p ${port} -c listen_addresses=${host} -c unix_socket_directories=${this.sockets} -c max_connections=200`;
      const res = await this.asServerUser(
        'pg_ctl',
        ['-D', this.data, '-l', this.ctx.logFile(NAME), '-o', opts, '-w', '-t', '60', 'start'],
        false,
      );
      if (res.code !== 0 && !(await this.ready())) {
        throw new StackError(
          NAME,
          'start',
          `${res.output}\n${tail(this.ctx.logFile(NAME))}`,
          `see ${this.ctx.logFile(NAME)}; is port ${port} taken?`,
        );
      }
    }
    if (!(await waitUntil(() => this.ready(), 30_000))) {
      throw new StackError(
        NAME,
        'readiness',
        tail(this.ctx.logFile(NAME)),
        `pg_isready never answered on ${host}:${port}`,
      );
    }
    await this.ensureDatabase();
  }

  async stop(): Promise<void> {
    if (existsSync(`${this.data}/postmaster.pid`))
      await this.asServerUser('pg_ctl', ['-D', this.data, '-m', 'fast', '-w', 'stop'], false);
  }

  async status(): Promise<ServiceStatus> {
    const { host, port } = this.ctx.config.postgres;
    const where = `postgres://${host}:${port}/${this.ctx.config.postgres.database}`;
    if (await this.ready()) return { name: NAME, state: 'ready', where };
    return { name: NAME, state: existsSync(`${this.data}/PG_VERSION`) ? 'stopped' : 'missing', where };
  }

  private async ready(): Promise<boolean> {
    const { host, port } = this.ctx.config.postgres;
    const bin = this.binDir();
    if (!bin) return false;
    return (await capture(`${bin}/pg_isready`, ['-q', '-h', host, '-p', String(port)])).code === 0;
  }

  private async ensureDatabase(): Promise<void> {
    const { host, port, user, password, database } = this.ctx.config.postgres;
    const env = { ...process.env, PGPASSWORD: password };
    const psql = (sql: string, db = 'postgres') =>
      must(
        NAME,
        'create database',
        `${this.binDir()}/psql`,
        ['-h', host, '-p', String(port), '-U', user, '-d', db, '-tAc', sql],
        { env },
      );
    const exists = await psql(`SELECT 1 FROM pg_database WHERE datname = '${database}'`);
    if (exists.trim() !== '1') await psql(`CREATE DATABASE "${database}"`);
  }

  private binDir(): string | undefined {
    const root = '/usr/lib/postgresql';
    if (!existsSync(root)) return undefined;
    const versions = readdirSync(root)
      .filter((v) => existsSync(`${root}/${v}/bin/initdb`))
      .sort((a, b) => Number(b) - Number(a));
    return versions[0] ? `${root}/${versions[0]}/bin` : undefined;
  }

  /** The server refuses to run as root: when we are root, run it as Debian's `postgres` user. */
  private giveToServerUser(dir: string): void {
    if (userInfo().uid !== 0) return;
    const { uid, gid } = serverUser();
    for (const d of [dir, this.data, this.sockets]) chownSync(d, uid, gid);
    chownSync(resolve(this.home, 'pwfile'), uid, gid);
  }

  private async asServerUser(tool: string, args: string[], strict = true) {
    const bin = `${this.binDir()}/${tool}`;
    const [cmd, fullArgs] =
      userInfo().uid === 0 ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
    if (strict) return { code: 0, output: await must(NAME, tool, cmd, fullArgs) };
    mkdirSync(this.ctx.dir('logs'), { recursive: true });
    if (userInfo().uid === 0) chownSync(this.ctx.dir('logs'), serverUser().uid, serverUser().gid);
    return capture(cmd, fullArgs);
  }
}

/**
 * Under .stack/ when the `postgres` user can reach it; a clone under a private home (such as
 * /root) is not reachable, so the cluster then lives in a folder of its own under /var/tmp.
 */
function serverHome(ctx: StackContext): string {
  const inRepo = ctx.dir('postgres');
  if (userInfo().uid !== 0) return inRepo;
  let reachable = true;
  for (let d = dirname(ctx.root); ; d = dirname(d)) {
    if (existsSync(d) && (statSync(d).mode & 0o001) === 0) reachable = false;
    if (d === dirname(d)) break;
  }
  if (reachable) return inRepo;
  return `/var/tmp/chorus-stack-${createHash('sha256').update(ctx.root).digest('hex').slice(0, 12)}/postgres`;
}

function serverUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  return { uid: id('-u'), gid: id('-g') };
}
