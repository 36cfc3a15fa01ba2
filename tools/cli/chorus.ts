/**
 * chorus — the command line for a chorus API.
 *
 *   chorus narrate FILE|- [--voice V] [--format wav|mp3|ogg] [--sample-rate HZ] [--split]
 *                         [--speed S] [--title T] [--out DIR]
 *   chorus jobs [--status S] [--limit N]
 *   chorus status ID
 *   chorus voices
 *   chorus keys create --tenant T [--name N] | keys revoke ID      (admin key)
 *
 * Common: --api URL (CHORUS_API_URL, default http://127.0.0.1:3000), --key KEY (CHORUS_API_KEY),
 * --admin-key KEY (CHORUS_ADMIN_KEY), --json. Exit codes: 0 ok, 1 job failed or cancelled,
 * 2 usage or refused input, 3 API unreachable or failing, 4 key refused.
 */
import { parseArgs } from 'node:util';
import { ApiSession, CliError, EXIT } from './api-session';
import { narrate, type JobView } from './narrate-command';

const USAGE = `usage: chorus <command> [options]
  narrate FILE|-     narrate a .txt/.md/.html document (- reads stdin); resumable
      --voice V  --format wav|mp3|ogg  --sample-rate HZ  --split  --speed S  --title T  --out DIR
  jobs               your jobs, newest first (--status S, --limit N)
  status ID          one job
  voices             the voice catalog
  keys create --tenant T [--name N] | keys revoke ID     (needs the admin key)
options: --api URL (CHORUS_API_URL)  --key KEY (CHORUS_API_KEY)  --admin-key KEY (CHORUS_ADMIN_KEY)  --json
exit codes: 0 ok, 1 job failed/cancelled, 2 usage or refused input, 3 API unreachable, 4 key refused`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function line(job: JobView): string {
  const p = job.progress;
  return `${job.id}  ${job.status.padEnd(9)} ${String(p.percent).padStart(5)} %  ${p.segmentsDone}/${p.segmentsTotal} segments  ${job.title ?? ''}`;
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        api: { type: 'string' },
        key: { type: 'string' },
        'admin-key': { type: 'string' },
        json: { type: 'boolean', default: false },
        voice: { type: 'string' },
        format: { type: 'string' },
        'sample-rate': { type: 'string' },
        split: { type: 'boolean' },
        speed: { type: 'string' },
        title: { type: 'string' },
        out: { type: 'string', default: 'out' },
        status: { type: 'string' },
        limit: { type: 'string' },
        tenant: { type: 'string' },
        name: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new CliError(EXIT.USAGE, `${(err as Error).message}\n${USAGE}`);
  }
  const { values: o, positionals } = parsed;
  const [command, ...args] = positionals;
  if (o.help || !command) {
    console.log(USAGE);
    return o.help ? EXIT.OK : EXIT.USAGE;
  }
  const url = (o.api ?? process.env.CHORUS_API_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
  const api = new ApiSession(url, o.key ?? process.env.CHORUS_API_KEY);
  const print = (value: unknown, text: string) => console.log(o.json ? JSON.stringify(value) : text);

  switch (command) {
    case 'narrate': {
      if (args.length !== 1) throw new CliError(EXIT.USAGE, `narrate takes one FILE or -\n${USAGE}`);
      return narrate(api, args[0]!, {
        voice: o.voice,
        format: o.format,
        sampleRate: o['sample-rate'],
        split: o.split,
        speed: o.speed,
        title: o.title,
        out: o.out,
        json: o.json,
      });
    }
    case 'jobs': {
      const query = new URLSearchParams();
      if (o.status) query.set('status', o.status);
      if (o.limit) query.set('limit', o.limit);
      const page = await api.json<{ items: JobView[] }>(`/v1/jobs?${query.toString()}`);
      print(page, page.items.map(line).join('\n') || 'no jobs');
      return EXIT.OK;
    }
    case 'status': {
      const id = args[0];
      if (!id || !UUID.test(id)) throw new CliError(EXIT.USAGE, 'status takes a job id');
      const job = await api.json<JobView>(`/v1/jobs/${id}`);
      print(
        job,
        `${line(job)}${job.audio ? `\n  audio: ${job.audio.url}` : ''}${job.error ? `\n  error: ${job.error}` : ''}`,
      );
      return EXIT.OK;
    }
    case 'voices': {
      const voices = await api.json<{ items: { name: string; language: string; sampleRate: number }[] }>(
        '/v1/voices',
      );
      print(
        voices,
        voices.items.map((v) => `${v.name.padEnd(28)} ${v.language.padEnd(8)} ${v.sampleRate} Hz`).join('\n'),
      );
      return EXIT.OK;
    }
    case 'keys': {
      const admin = new ApiSession(url, o['admin-key'] ?? process.env.CHORUS_ADMIN_KEY);
      const [action, id] = args;
      if (action === 'create' && o.tenant) {
        const key = await admin.json<{ id: string; tenant: string; key: string }>('/v1/admin/keys', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ tenant: o.tenant, ...(o.name ? { name: o.name } : {}) }),
        });
        print(key, `${key.id}  ${key.tenant}\nkey (shown once): ${key.key}`);
        return EXIT.OK;
      }
      if (action === 'revoke' && id && UUID.test(id)) {
        const key = await admin.json<{ id: string; revokedAt: string }>(`/v1/admin/keys/${id}`, {
          method: 'DELETE',
        });
        print(key, `${key.id} revoked ${key.revokedAt}`);
        return EXIT.OK;
      }
      throw new CliError(
        EXIT.USAGE,
        'usage: chorus keys create --tenant T [--name N] | chorus keys revoke ID',
      );
    }
    default:
      throw new CliError(EXIT.USAGE, `unknown command "${command}"\n${USAGE}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof CliError) {
      console.error(`chorus: ${err.message}`);
      process.exit(err.exitCode);
    }
    console.error(`chorus: ${(err as Error).stack ?? String(err)}`);
    process.exit(EXIT.UNREACHABLE);
  },
);
