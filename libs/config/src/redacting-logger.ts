import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { maskQuoted } from '@chorus/contracts';

const redact = (m: unknown): unknown => (typeof m === 'string' ? maskQuoted(m) : m);

/**
 * The apps' logger: JSON lines, and no long quoted run of text in them. Code that logs a
 * document's text masks it itself (`maskText`); this catches an error message that quotes it.
 */
export class RedactingLogger extends ConsoleLogger {
  constructor() {
    super({ json: true });
  }

  protected override printMessages(
    messages: unknown[],
    context?: string,
    logLevel?: LogLevel,
    writeStreamType?: 'stdout' | 'stderr',
    errorStack?: unknown,
    params?: Record<string, unknown>,
  ): void {
    super.printMessages(messages.map(redact), context, logLevel, writeStreamType, redact(errorStack), params);
  }
}
