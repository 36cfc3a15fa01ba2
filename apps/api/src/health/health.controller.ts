import { Controller, Get } from '@nestjs/common';

@Controller()
export class HealthController {
  /** Liveness: the process is up and serving. Readiness (dependencies) comes with the pipeline. */
  @Get('health')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
