import { Logger } from '@nestjs/common';

/** The two admin calls lag needs (kafkajs' Admin has them). */
export interface LagAdmin {
  fetchTopicOffsets(topic: string): Promise<{ partition: number; high: string; low: string }[]>;
  fetchOffsets(opts: {
    groupId: string;
    topics: string[];
  }): Promise<{ topic: string; partitions: { partition: number; offset: string }[] }[]>;
}

/**
 * Messages of each partition the group has not committed yet: the partition's end offset minus
 * the group's committed offset (with nothing committed, everything the partition still holds).
 */
export async function consumerLag(
  admin: LagAdmin,
  groupId: string,
  topic: string,
): Promise<Map<number, number>> {
  const [ends, committed] = await Promise.all([
    admin.fetchTopicOffsets(topic),
    admin.fetchOffsets({ groupId, topics: [topic] }),
  ]);
  const done = new Map(
    (committed.find((t) => t.topic === topic)?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]),
  );
  return new Map(
    ends.map((p) => {
      const at = done.get(p.partition) ?? -1;
      const from = at >= 0 ? at : Number(p.low);
      return [p.partition, Math.max(0, Number(p.high) - from)];
    }),
  );
}

/** Polls the group's lag per partition every `everyMs` and hands it to `report`. */
export class ConsumerLagPoller {
  private readonly logger = new Logger('ConsumerLag');
  private timer: NodeJS.Timeout | undefined;
  private failing = false;

  constructor(
    private readonly admin: LagAdmin,
    private readonly groupId: string,
    private readonly topic: string,
    private readonly report: (partition: number, lag: number) => void,
    private readonly everyMs = 15_000,
  ) {}

  start(): void {
    void this.poll();
    this.timer = setInterval(() => void this.poll(), this.everyMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async poll(): Promise<void> {
    try {
      for (const [partition, lag] of await consumerLag(this.admin, this.groupId, this.topic))
        this.report(partition, lag);
      this.failing = false;
    } catch (err) {
      // Once per outage, not every poll: Kafka being away is logged elsewhere too.
      if (!this.failing) this.logger.warn(`consumer lag unavailable: ${(err as Error).message}`);
      this.failing = true;
    }
  }
}
