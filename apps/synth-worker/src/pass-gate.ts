import type { JobPriority } from '@chorus/contracts';

/**
 * One forward pass at a time on a device, interactive passes first. A device serves two lanes
 * (two consumers, one session); each lane's batches go pass by pass through this gate, so an
 * interactive segment waits for the pass in flight, never for a book's whole batch.
 */
export class PassGate {
  private busy = false;
  private readonly waiting: Record<JobPriority, (() => void)[]> = { interactive: [], batch: [] };

  async run<T>(lane: JobPriority, pass: () => Promise<T>): Promise<T> {
    await this.acquire(lane);
    try {
      return await pass();
    } finally {
      this.release();
    }
  }

  /** Passes waiting for the device, by lane. */
  get queued(): Record<JobPriority, number> {
    return { interactive: this.waiting.interactive.length, batch: this.waiting.batch.length };
  }

  private acquire(lane: JobPriority): Promise<void> {
    if (!this.busy) {
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
    setImmediate(() => {
      const next = this.waiting.interactive.shift() ?? this.waiting.batch.shift();
      if (next) next();
      else this.busy = false;
    });
  }
}
