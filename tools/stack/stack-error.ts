/** A provisioning or start-up step that failed, with what to do about it. */
export class StackError extends Error {
  constructor(
    readonly service: string,
    readonly step: string,
    readonly detail: string,
    readonly hint: string,
  ) {
    super(`${service}: ${step} failed`);
  }

  report(): string {
    return [`✗ ${this.message}`, indent(this.detail.trim()), `  → ${this.hint}`].join('\n');
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .slice(-25)
    .map((l) => `    ${l}`)
    .join('\n');
}
