import { Module } from '@nestjs/common';
import { ChorusConfigModule } from '@chorus/config';
import { VoiceWarmup } from './voice-warmup';

@Module({
  imports: [ChorusConfigModule],
  providers: [VoiceWarmup],
})
export class WorkerModule {}
