import { Module } from '@nestjs/common';
import { BusModule } from '@chorus/bus';
import { ChorusConfigModule } from '@chorus/config';
import { DatabaseModule } from '@chorus/database';
import { StorageModule } from '@chorus/storage';
import { WorkerLifecycle } from './worker-lifecycle';

@Module({
  imports: [ChorusConfigModule, DatabaseModule, BusModule, StorageModule],
  providers: [WorkerLifecycle],
})
export class WorkerModule {}
