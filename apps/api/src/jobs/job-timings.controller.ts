import { Controller, Get, Header, HttpStatus, Param, ParseUUIDPipe, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Tenant } from '../access/principal';
import { JobsService } from './jobs.service';

/**
 * A completed job's timings through the API itself (same origin, same key), beside the
 * presigned links in the job view: the manifest (segment and sentence start/end seconds with
 * their character spans, like Polly's sentence speech marks) and the subtitles.
 */
@ApiTags('jobs')
@ApiBearerAuth()
@Controller('v1/jobs')
export class JobTimingsController {
  constructor(private readonly jobs: JobsService) {}

  @Get(':id/manifest')
  @ApiOperation({ summary: 'Sentence and segment timings of a completed job (JSON)' })
  @Header('content-type', 'application/json; charset=utf-8')
  manifest(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND })) id: string,
    @Tenant() tenant: string,
  ): Promise<StreamableFile> {
    return this.file(tenant, id, 'manifest');
  }

  @Get(':id/subtitles.vtt')
  @ApiOperation({ summary: 'WebVTT subtitles of a completed job, one cue per sentence' })
  @ApiProduces('text/vtt')
  @Header('content-type', 'text/vtt; charset=utf-8')
  vtt(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND })) id: string,
    @Tenant() tenant: string,
  ): Promise<StreamableFile> {
    return this.file(tenant, id, 'vtt');
  }

  @Get(':id/subtitles.srt')
  @ApiOperation({ summary: 'SRT subtitles of a completed job' })
  @ApiProduces('application/x-subrip')
  @Header('content-type', 'application/x-subrip; charset=utf-8')
  srt(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND })) id: string,
    @Tenant() tenant: string,
  ): Promise<StreamableFile> {
    return this.file(tenant, id, 'srt');
  }

  private async file(tenant: string, id: string, kind: 'manifest' | 'vtt' | 'srt'): Promise<StreamableFile> {
    return new StreamableFile(await this.jobs.artifact(tenant, id, kind));
  }
}
