/**
 * Gathers items until `size` are waiting or the oldest has waited `waitMs`, then runs them as
 * one batch. One batch runs at a time (one device, one session); items arriving meanwhile
 * form the next batch.
 */
export class SegmentBatcher<T, R> {
  private queue: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  readonly sizes: number[] = [];

  constructor(
    private readonly size: number,
    private readonly waitMs: number,
    private readonly run: (items: T[]) => Promise<R[]>,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  get pending(): number {
    return this.queue.length;
  }

  private schedule(): void {
    if (this.running) return;
    if (this.queue.length >= this.size) {
      this.flushSoon(0);
    } else if (!this.timer && this.queue.length > 0) {
      this.flushSoon(this.waitMs);
    }
  }

  private flushSoon(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), ms);
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    if (this.running || this.queue.length === 0) return;
    this.running = true;
    const batch = this.queue.splice(0, this.size);
    this.sizes.push(batch.length);
    if (this.sizes.length > 1000) this.sizes.splice(0, this.sizes.length - 1000);
    try {
      const results = await this.run(batch.map((b) => b.item));
      batch.forEach((b, i) => b.resolve(results[i] as R));
    } catch (err) {
      for (const b of batch) b.reject(err);
    } finally {
      this.running = false;
      this.schedule();
    }
  }
}
