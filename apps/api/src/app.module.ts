import { Module } from '@nestjs/common';
import { ChorusConfigModule } from '@chorus/config';
import { HealthController } from './health/health.controller';

@Module({
  imports: [ChorusConfigModule],
  controllers: [HealthController],
})
export class AppModule {}
