import { AsrService } from './services/asr';
import { KafkaService } from './services/kafka';
import { MinioService } from './services/minio';
import { PostgresService } from './services/postgres';
import { EspeakService } from './services/espeak';
import { MediaToolsService } from './services/media-tools';
import { ReferenceRuntimeService } from './services/reference-runtime';
import { VoicesService } from './services/voices';
import { stackContext, type StackService } from './stack-context';
import { StackError } from './stack-error';
import { tail } from './proc';

const USAGE = `usage: npm run stack -- <up|down|status|logs> [service...]
  up       provision what is missing, start everything, wait until ready
  down     stop the running services (data is kept under .stack/)
  status   what runs where
  logs     the last lines of each service's log`;

async function main(argv: string[]): Promise<number> {
  const [command, ...only] = argv;
  const ctx = stackContext();
  const all: StackService[] = [
    new PostgresService(ctx),
    new KafkaService(ctx),
    new MinioService(ctx),
    new EspeakService(ctx),
    new MediaToolsService(ctx),
    new VoicesService(ctx),
    new ReferenceRuntimeService(ctx),
    new AsrService(ctx),
  ];
  const unknown = only.filter((n) => !all.some((s) => s.name === n));
  if (unknown.length > 0) {
    console.error(`unknown service(s): ${unknown.join(', ')}; known: ${all.map((s) => s.name).join(', ')}`);
    return 2;
  }
  const services = only.length ? all.filter((s) => only.includes(s.name)) : all.filter((s) => !s.optional);

  switch (command) {
    case 'up': {
      const started = Date.now();
      // Independent downloads and builds run side by side; so do the starts.
      await settleAll(services.map((s) => s.provision()));
      await settleAll(services.map((s) => s.start()));
      await printStatus(services);
      console.log(`stack up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return 0;
    }
    case 'down':
      for (const s of [...services].reverse()) await s.stop();
      await printStatus(services);
      return 0;
    case 'status':
      return (await printStatus(services)) ? 0 : 1;
    case 'logs':
      for (const s of services) {
        const file = ctx.logFile(s.name);
        console.log(`==> ${file} <==\n${tail(file, 40)}\n`);
      }
      return 0;
    case undefined:
    default:
      console.error(USAGE);
      return 2;
  }
}

/** Waits for every task, then throws the first failure (so one failure doesn't orphan the others). */
async function settleAll(tasks: Promise<void>[]): Promise<void> {
  const results = await Promise.allSettled(tasks);
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failures.length > 0) throw new AggregateError(failures.map((f): unknown => f.reason));
}

async function printStatus(services: StackService[]): Promise<boolean> {
  const rows = await Promise.all(services.map((s) => s.status()));
  for (const r of rows)
    console.log(`${r.state === 'ready' ? '✓' : '·'} ${r.name.padEnd(10)} ${r.state.padEnd(8)} ${r.where}`);
  return rows.every((r) => r.state === 'ready');
}

function report(err: unknown): void {
  const errors = err instanceof AggregateError ? (err.errors as unknown[]) : [err];
  for (const e of errors) console.error(e instanceof StackError ? e.report() : e);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    report(err);
    process.exit(1);
  },
);
