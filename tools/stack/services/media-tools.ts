import { existsSync } from 'node:fs';
import { installDebianPackages } from '../debian-packages';
import type { ServiceStatus, StackContext, StackService } from '../stack-context';

const NAME = 'media-tools';
/** Binary → the Debian package that ships it. */
const TOOLS: Record<string, string> = {
  '/usr/bin/ffmpeg': 'ffmpeg',
  '/usr/bin/ffprobe': 'ffmpeg',
  '/usr/bin/chromium': 'chromium',
};

/**
 * Debian's ffmpeg (the finalizer's MP3/Opus encoder and soxr resampler, ffprobe for the tests)
 * and Chromium (the web page's end-to-end test drives it headless).
 */
export class MediaToolsService implements StackService {
  readonly name = NAME;

  constructor(private readonly _ctx: StackContext) {}

  async provision(): Promise<void> {
    const missing = [...new Set(this.missing().map((bin) => TOOLS[bin]!))];
    if (missing.length > 0) await installDebianPackages(NAME, missing);
  }

  start(): Promise<void> {
    return this.provision();
  }

  async stop(): Promise<void> {}

  status(): Promise<ServiceStatus> {
    const missing = this.missing();
    return Promise.resolve({
      name: NAME,
      state: missing.length === 0 ? 'ready' : 'missing',
      where: missing.length === 0 ? Object.keys(TOOLS).join(' ') : `missing ${missing.join(' ')}`,
    });
  }

  private missing(): string[] {
    return Object.keys(TOOLS).filter((p) => !existsSync(p));
  }
}
