import { Global, Inject, Module } from '@nestjs/common';
import { loadConfig, type ChorusConfig } from './config';

export const CHORUS_CONFIG = Symbol('ChorusConfig');

/** Injects the validated config: `constructor(@InjectConfig() config: ChorusConfig)`. */
export const InjectConfig = () => Inject(CHORUS_CONFIG);

@Global()
@Module({
  providers: [{ provide: CHORUS_CONFIG, useFactory: (): ChorusConfig => loadConfig() }],
  exports: [CHORUS_CONFIG],
})
export class ChorusConfigModule {}
