import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/** The OpenAPI document, generated from the controllers' and DTOs' decorators. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('chorus')
    .setDescription(
      'Batch text-to-speech: submit a document, follow its progress (JSON or Server-Sent Events), ' +
        'download narrated audio with sentence timings and subtitles; webhooks on completion. ' +
        'Every /v1 route needs `Authorization: Bearer <API key>`. Errors are RFC 9457 problem+json.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'a tenant API key (chorus_…)' })
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Stable text for the committed file: two-space JSON and a final newline. */
export function openApiJson(doc: OpenAPIObject): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
