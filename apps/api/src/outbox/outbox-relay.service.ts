import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import { KAFKA_PRODUCER, OutboxRelay } from '@chorus/bus';
import { OutboxRepository } from '@chorus/database';

/** Runs the outbox relay for as long as the API runs; every replica runs one, one at a time publishes. */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly relay: OutboxRelay;

  constructor(outbox: OutboxRepository, @Inject(KAFKA_PRODUCER) producer: Producer) {
    this.relay = new OutboxRelay(outbox, producer);
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  nudge(): void {
    this.relay.nudge();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}
