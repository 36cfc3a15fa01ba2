import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import { isAlive, must, readPid, startDetached, stopPid, tail, waitUntil } from '../proc';
import { StackError } from '../stack-error';
import type { ServiceStatus, StackContext, StackService } from '../stack-context';

const NAME = 'kafka';
const NODE_ID = '1';

/** Kafka 4.x, KRaft, one combined broker + controller, from Maven Central jars run with `java -cp`. */
export class KafkaService implements StackService {
  readonly name = NAME;
  private readonly libs: string;
  private readonly data: string;
  private readonly props: string;

  constructor(private readonly ctx: StackContext) {
    this.libs = ctx.dir('kafka', 'libs');
    this.data = ctx.dir('kafka', 'data');
    this.props = ctx.dir('kafka', 'server.properties');
  }

  async provision(): Promise<void> {
    await this.fetchJars();
    this.writeProperties();
    if (existsSync(`${this.data}/meta.properties`)) return;
    const clusterId =
      (
        await must(
          NAME,
          'StorageTool random-uuid',
          'java',
          this.javaArgs('kafka.tools.StorageTool', ['random-uuid']),
        )
      )
        .trim()
        .split('\n')
        .pop() ?? '';
    await must(
      NAME,
      'format storage',
      'java',
      this.javaArgs('kafka.tools.StorageTool', ['format', '-t', clusterId, '-c', this.props, '-g']),
    );
  }

  async start(): Promise<void> {
    if (await this.ready()) return;
    if (!isAlive(readPid(this.ctx.pidFile(NAME)))) {
      startDetached(
        'java',
        this.javaArgs('kafka.Kafka', [this.props], ['-Xms512m', '-Xmx1g', '-XX:+UseG1GC']),
        this.ctx.pidFile(NAME),
        this.ctx.logFile(NAME),
        process.env,
      );
    }
    if (!(await waitUntil(() => this.ready(), 90_000, 500))) {
      throw new StackError(
        NAME,
        'readiness',
        tail(this.ctx.logFile(NAME)),
        `the broker at ${this.brokers().join(',')} never answered a metadata request; see ${this.ctx.logFile(NAME)}`,
      );
    }
  }

  async stop(): Promise<void> {
    await stopPid(this.ctx.pidFile(NAME), 30_000);
  }

  async status(): Promise<ServiceStatus> {
    const where = `${this.brokers().join(',')} (controller :${this.ctx.config.kafka.controllerPort})`;
    if (await this.ready()) return { name: NAME, state: 'ready', where };
    if (isAlive(readPid(this.ctx.pidFile(NAME)))) return { name: NAME, state: 'running', where };
    return { name: NAME, state: existsSync(`${this.data}/meta.properties`) ? 'stopped' : 'missing', where };
  }

  /** Ready means the broker answers a metadata request with itself as a live broker. */
  private async ready(): Promise<boolean> {
    const admin = new Kafka({
      clientId: 'chorus-stack',
      brokers: this.brokers(),
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
      connectionTimeout: 1000,
    }).admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      return cluster.brokers.length > 0 && cluster.controller !== null;
    } catch {
      return false;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  private brokers(): string[] {
    return this.ctx.config.kafka.brokers;
  }

  private async fetchJars(): Promise<void> {
    const pom = this.ctx.asset('kafka', 'pom.xml');
    const digest = createHash('sha256').update(readFileSync(pom)).digest('hex');
    const marker = `${this.libs}/.pom-sha256`;
    if (existsSync(marker) && readFileSync(marker, 'utf8') === digest) return;
    mkdirSync(this.libs, { recursive: true });
    await must(NAME, 'fetch jars from Maven Central', 'mvn', [
      '-q',
      '-B',
      '-f',
      pom,
      'dependency:copy-dependencies',
      '-DincludeScope=runtime',
      `-DoutputDirectory=${this.libs}`,
    ]);
    writeFileSync(marker, digest);
  }

  private writeProperties(): void {
    const [host, port] = (this.brokers()[0] ?? '127.0.0.1:9092').split(':');
    if (host !== '127.0.0.1' && host !== 'localhost') {
      throw new StackError(
        NAME,
        'configure',
        `CHORUS_KAFKA_BROKERS=${this.brokers().join(',')}`,
        'the local stack only runs a loopback broker',
      );
    }
    const text = readFileSync(this.ctx.asset('kafka', 'server.properties.template'), 'utf8')
      .replaceAll('{{PORT}}', port ?? '9092')
      .replaceAll('{{CONTROLLER_PORT}}', String(this.ctx.config.kafka.controllerPort))
      .replaceAll('{{LOG_DIR}}', this.data)
      .replaceAll('{{NODE_ID}}', NODE_ID);
    mkdirSync(this.ctx.dir('kafka'), { recursive: true });
    if (!existsSync(this.props) || readFileSync(this.props, 'utf8') !== text) writeFileSync(this.props, text);
  }

  private javaArgs(main: string, args: string[], jvm: string[] = []): string[] {
    return [
      ...jvm,
      `-Dlog4j2.configurationFile=${this.ctx.asset('kafka', 'log4j2.properties')}`,
      '-cp',
      `${this.libs}/*`,
      main,
      ...args,
    ];
  }
}
