import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { BusModule } from '@chorus/bus';
import { CHORUS_CONFIG, ChorusConfigModule, type ChorusConfig } from '@chorus/config';
import { DatabaseModule } from '@chorus/database';
import { SpeechRuntime, VoiceCatalog } from '@chorus/speech';
import { StorageModule } from '@chorus/storage';
import { AccessControl } from './access/access-control';
import { AdminKeysController } from './access/admin-keys.controller';
import { HealthController } from './health/health.controller';
import { JobEventsController } from './jobs/job-events.controller';
import { JobEventsService } from './jobs/job-events.service';
import { JobsController } from './jobs/jobs.controller';
import { JobTimingsController } from './jobs/job-timings.controller';
import { JobsService } from './jobs/jobs.service';
import { ApiMetrics } from './metrics/api-metrics';
import { OutboxRelayService } from './outbox/outbox-relay.service';
import { ProblemDetailsFilter } from './problem/problem-details.filter';
import { LexiconController } from './lexicon/lexicon.controller';
import { SpeechController } from './speech/speech.controller';
import { VoicesController } from './voices/voices.controller';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher';
import { WebhooksController } from './webhooks/webhooks.controller';
import { WebhooksService } from './webhooks/webhooks.service';

@Module({
  imports: [
    ChorusConfigModule,
    DatabaseModule,
    BusModule,
    StorageModule,
    TerminusModule.forRoot({ logger: false }),
  ],
  controllers: [
    AdminKeysController,
    HealthController,
    JobsController,
    JobEventsController,
    JobTimingsController,
    LexiconController,
    SpeechController,
    VoicesController,
    WebhooksController,
  ],
  providers: [
    AccessControl,
    ApiMetrics,
    JobsService,
    JobEventsService,
    OutboxRelayService,
    WebhookDispatcher,
    WebhooksService,
    {
      provide: SpeechRuntime,
      inject: [CHORUS_CONFIG],
      useFactory: (c: ChorusConfig) => new SpeechRuntime(c.speech),
    },
    {
      provide: VoiceCatalog,
      inject: [SpeechRuntime],
      useFactory: (runtime: SpeechRuntime) => runtime.catalog,
    },
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
  ],
})
export class AppModule {}
