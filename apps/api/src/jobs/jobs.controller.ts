import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiHeader,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
  UploadedFile,
  UseInterceptors,
  HttpStatus,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import { DomainError, ERROR_CODES } from '@chorus/contracts';
import { Tenant } from '../access/principal';
import { CreateJobDto } from './dto/job-options.dto';
import { ListJobsQuery } from './dto/list-jobs.query';
import { jobRequestFromJson, jobRequestFromUpload } from './job-request';
import { JobsService, type JobPage } from './jobs.service';
import type { JobView } from './job-view';

/** The parts of multer's file object we read. */
interface UploadedDocument {
  originalname: string;
  mimetype: string;
  buffer: Buffer;
}

const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

@ApiTags('jobs')
@ApiBearerAuth()
@Controller('v1/jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  /** A document as JSON `{ text, ... }` or as a multipart upload (`file` + option fields). */
  @Post()
  @ApiOperation({ summary: 'Submit a document (JSON, or multipart with a file) for narration' })
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ type: CreateJobDto })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'same key and body: the same job' })
  @ApiResponse({ status: 202, description: 'accepted: the job view, with Location' })
  @HttpCode(202)
  @UseInterceptors(FileInterceptor('file', { limits: { files: 1, fields: 20, fieldSize: 64 * 1024 } }))
  async create(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Body() body: unknown,
    @UploadedFile() file: UploadedDocument | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Tenant() tenant: string,
  ): Promise<JobView> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new DomainError(
        ERROR_CODES.INVALID_REQUEST,
        'Idempotency-Key must be 1-200 printable ASCII characters',
      );
    }
    let request;
    if (req.is('multipart/form-data')) {
      if (!file)
        throw new DomainError(ERROR_CODES.INVALID_REQUEST, 'a multipart submission needs a "file" field');
      request = jobRequestFromUpload(file, (body ?? {}) as Record<string, unknown>);
    } else if (req.is(['application/json', 'application/*+json'])) {
      request = jobRequestFromJson(body);
    } else {
      throw new DomainError(
        ERROR_CODES.UNSUPPORTED_MEDIA_TYPE,
        'send application/json or multipart/form-data',
      );
    }
    const { view, replayed } = await this.jobs.create(tenant, request, idempotencyKey);
    res.location(view.links.self);
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    return view;
  }

  @Get()
  @ApiOperation({ summary: 'The tenant’s jobs, newest first, cursor-paginated' })
  list(@Query() query: ListJobsQuery, @Tenant() tenant: string): Promise<JobPage> {
    return this.jobs.list(tenant, query);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Status, progress, and when completed the audio, manifest, subtitles and chapters (presigned)',
  })
  @ApiResponse({ status: 404, description: 'no such job for this tenant' })
  get(@Param('id', uuid) id: string, @Tenant() tenant: string): Promise<JobView> {
    return this.jobs.get(tenant, id);
  }

  /** Cancels: pending segments are skipped and the job ends `cancelled`. */
  @Delete(':id')
  @ApiOperation({ summary: 'Cancel a queued or running job' })
  cancel(@Param('id', uuid) id: string, @Tenant() tenant: string): Promise<JobView> {
    return this.jobs.cancel(tenant, id);
  }
}
