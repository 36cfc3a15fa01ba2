import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import type { DeliveryRecord, WebhookRecord } from '@chorus/database';
import { Caller, Tenant, type TenantCaller } from '../access/principal';
import { CreateWebhookDto, ListDeliveriesQuery } from './webhooks.dto';
import { WebhooksService } from './webhooks.service';

/** A tenant's webhooks: `job.completed` and `job.failed`, signed, retried, logged. */
@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOperation({
    summary: 'Register a URL for job.completed / job.failed; the signing secret is in this answer only',
  })
  register(
    @Body() body: CreateWebhookDto,
    @Caller() caller: TenantCaller,
  ): Promise<WebhookRecord & { secret: string }> {
    return this.webhooks.register(caller.tenant, caller.keyId, body);
  }

  @Get()
  @ApiOperation({ summary: 'The tenant’s webhooks (without secrets)' })
  async list(@Tenant() tenant: string): Promise<{ items: WebhookRecord[] }> {
    return { items: await this.webhooks.list(tenant) };
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a webhook; pending deliveries stop' })
  @HttpCode(204)
  remove(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND })) id: string,
    @Tenant() tenant: string,
  ): Promise<void> {
    return this.webhooks.remove(tenant, id);
  }

  /** The delivery log, newest first: status, attempts, last answer. */
  @Get(':id/deliveries')
  @ApiOperation({ summary: 'The delivery log: status, attempts, last answer' })
  async deliveries(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND })) id: string,
    @Query() query: ListDeliveriesQuery,
    @Tenant() tenant: string,
  ): Promise<{ items: DeliveryRecord[] }> {
    return { items: await this.webhooks.deliveries(tenant, id, query.limit ?? 50) };
  }
}
