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
@Controller('v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  register(
    @Body() body: CreateWebhookDto,
    @Caller() caller: TenantCaller,
  ): Promise<WebhookRecord & { secret: string }> {
    return this.webhooks.register(caller.tenant, caller.keyId, body);
  }

  @Get()
  async list(@Tenant() tenant: string): Promise<{ items: WebhookRecord[] }> {
    return { items: await this.webhooks.list(tenant) };
  }

  @Delete(':id')
  @HttpCode(204)
  remove(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND })) id: string,
    @Tenant() tenant: string,
  ): Promise<void> {
    return this.webhooks.remove(tenant, id);
  }

  /** The delivery log, newest first: status, attempts, last answer. */
  @Get(':id/deliveries')
  async deliveries(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND })) id: string,
    @Query() query: ListDeliveriesQuery,
    @Tenant() tenant: string,
  ): Promise<{ items: DeliveryRecord[] }> {
    return { items: await this.webhooks.deliveries(tenant, id, query.limit ?? 50) };
  }
}
