import { ApiBearerAuth, ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Controller, Get, Headers, HttpStatus, Param, ParseUUIDPipe, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { InjectConfig, type ChorusConfig } from '@chorus/config';
import { Tenant } from '../access/principal';
import { formatSse, resumePoint, SSE_HEARTBEAT } from './job-event-stream';
import { JobEventsService } from './job-events.service';

/** `GET /v1/jobs/{id}/events`: the job's progress as Server-Sent Events, closed on its final state. */
@ApiTags('jobs')
@ApiBearerAuth()
@Controller('v1/jobs')
export class JobEventsController {
  constructor(
    @InjectConfig() private readonly config: ChorusConfig,
    private readonly events: JobEventsService,
  ) {}

  @Get(':id/events')
  @ApiOperation({
    summary: 'Live progress as Server-Sent Events: progress, segment, then completed | failed | cancelled',
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'resume after this event id' })
  async stream(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND })) id: string,
    @Tenant() tenant: string,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const job = await this.events.open(tenant, id);
    const abort = new AbortController();
    req.on('close', () => abort.abort());
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    // Browsers' EventSource waits this long before reconnecting with Last-Event-ID.
    res.write('retry: 2000\n\n');
    const heartbeat = setInterval(() => res.write(SSE_HEARTBEAT), this.config.api.sseHeartbeatSeconds * 1000);
    try {
      for await (const event of this.events.events(tenant, job, abort.signal, resumePoint(lastEventId)))
        res.write(formatSse(event));
    } catch {
      // The stream is already open: a failing poll (database away) ends it; the client retries.
    } finally {
      clearInterval(heartbeat);
      res.end();
    }
  }
}
