import type { JobPriority } from '@chorus/contracts';

/**
 * One forward pass at a time on a device, interactive passes first. A device serves two lanes
 * (two consumers, one session); each lane's batches go pass by pass through this gate, so an
 * interactive segment waits for the pass in flight, never for a book's whole batch.
 */
export class PassGate {
  private busy = false;
  /** Interactive segments between claim and record: the batch lane waits for them. */
  private reserved = 0;
  private readonly waiting: Record<JobPriority, (() => void)[]> = { interactive: [], batch: [] };

  async run<T>(lane: JobPriority, pass: () => Promise<T>): Promise<T> {
    await this.acquire(lane);
    try {
      return await pass();
    } finally {
      this.release();
    }
  }

  /**
   * Holds the batch lane off for the whole of an interactive segment's work (claim, passes,
   * upload, record), not only its passes: inference blocks the event loop, so a batch pass
   * started while the interactive segment waits on the database or S3 would delay each of
   * those steps by a whole pass.
   */
  async reserve<T>(work: () => Promise<T>): Promise<T> {
    this.reserved++;
    try {
      return await work();
    } finally {
      this.reserved--;
      if (this.reserved === 0 && !this.busy) this.dispatch();
    }
  }

  /** Passes waiting for the device, by lane. */
  get queued(): Record<JobPriority, number> {
    return { interactive: this.waiting.interactive.length, batch: this.waiting.batch.length };
  }

  private acquire(lane: JobPriority): Promise<void> {
    if (!this.busy && (lane === 'interactive' || this.reserved === 0)) {
      this.busy = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting[lane].push(resolve));
  }

  /**
   * Hands the device on after the current turn of the event loop: the lane that just ran a pass
   * queues its next one in the microtasks that follow, so an interactive segment's passes run
   * back to back instead of alternating with a book's.
   */
  private release(): void {
    setImmediate(() => this.dispatch());
  }

  /** The device is free: the next interactive pass, else a batch pass unless interactive work holds it. */
  private dispatch(): void {
    const next =
      this.waiting.interactive.shift() ?? (this.reserved === 0 ? this.waiting.batch.shift() : undefined);
    this.busy = next !== undefined;
    next?.();
  }
}
