import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectConfig, type ChorusConfig } from '@chorus/config';
import { SpeechRuntime } from '@chorus/speech';

/**
 * Loads the default voice into one long-lived session and runs it once, so the first real
 * batch does not pay for graph optimisation. The consumer joins the group only after this.
 */
@Injectable()
export class VoiceWarmup implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(VoiceWarmup.name);
  readonly runtime: SpeechRuntime;

  constructor(@InjectConfig() config: ChorusConfig) {
    this.runtime = new SpeechRuntime(config.speech);
  }

  async onApplicationBootstrap(): Promise<void> {
    const started = performance.now();
    const synth = await this.runtime.synthesizer();
    await synth.synthesize('Warming up.');
    this.logger.log(`voice warmed up in ${Math.round(performance.now() - started)} ms`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runtime.close();
  }
}
