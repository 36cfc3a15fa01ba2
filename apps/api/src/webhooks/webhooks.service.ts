import { Injectable } from '@nestjs/common';
import { InjectConfig, type ChorusConfig } from '@chorus/config';
import { DomainError, ERROR_CODES } from '@chorus/contracts';
import {
  WEBHOOK_EVENTS,
  WebhooksRepository,
  type DeliveryRecord,
  type WebhookRecord,
} from '@chorus/database';
import type { CreateWebhookDto } from './webhooks.dto';
import { newWebhookSecret } from './webhook-signature';
import { assertPublicTarget } from './webhook-target';

@Injectable()
export class WebhooksService {
  constructor(
    @InjectConfig() private readonly config: ChorusConfig,
    private readonly webhooks: WebhooksRepository,
  ) {}

  /** The secret is in this answer only; deliveries are signed with it. */
  async register(
    tenant: string,
    keyId: string,
    dto: CreateWebhookDto,
  ): Promise<WebhookRecord & { secret: string }> {
    const url = await assertPublicTarget(dto.url, this.config.webhooks.allowedPrivate);
    const secret = newWebhookSecret();
    const hook = await this.webhooks.create(tenant, keyId, {
      url: url.toString(),
      events: [...new Set(dto.events ?? WEBHOOK_EVENTS)],
      description: dto.description ?? '',
      secret,
    });
    return { ...hook, secret };
  }

  list(tenant: string): Promise<WebhookRecord[]> {
    return this.webhooks.list(tenant);
  }

  async remove(tenant: string, id: string): Promise<void> {
    if (!(await this.webhooks.remove(tenant, id))) throw notFound(id);
  }

  async deliveries(tenant: string, id: string, limit: number): Promise<DeliveryRecord[]> {
    if (!(await this.webhooks.find(tenant, id))) throw notFound(id);
    return this.webhooks.deliveries(tenant, id, limit);
  }
}

function notFound(id: string): DomainError {
  return new DomainError(ERROR_CODES.WEBHOOK_NOT_FOUND, `no webhook ${id}`);
}
