import { Module } from '@nestjs/common';
import { ChorusConfigModule, CHORUS_CONFIG, type ChorusConfig } from '@chorus/config';
import { StorageModule } from '@chorus/storage';
import { AudioReadyController, DOWNLOAD_DIR } from './audio-ready.controller';
import { SeenEvents } from './seen-events';

@Module({
  imports: [ChorusConfigModule, StorageModule],
  controllers: [AudioReadyController],
  providers: [
    SeenEvents,
    {
      provide: DOWNLOAD_DIR,
      inject: [CHORUS_CONFIG],
      useFactory: (c: ChorusConfig) => c.subscriber.downloadDir,
    },
  ],
})
export class SubscriberModule {}
