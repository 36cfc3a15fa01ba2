import { Global, Module } from '@nestjs/common';
import { CHORUS_CONFIG, type ChorusConfig } from '@chorus/config';
import { OBJECT_STORAGE } from './object-storage';
import { S3ObjectStorage } from './s3-object-storage';

@Global()
@Module({
  providers: [
    {
      provide: OBJECT_STORAGE,
      inject: [CHORUS_CONFIG],
      useFactory: async (config: ChorusConfig) => {
        const storage = new S3ObjectStorage(config.s3);
        await storage.ensureBucket();
        return storage;
      },
    },
  ],
  exports: [OBJECT_STORAGE],
})
export class StorageModule {}
