import 'reflect-metadata';
import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { json } from 'express';
import { join } from 'node:path';
import { SwaggerModule } from '@nestjs/swagger';
import { CHORUS_CONFIG, type ChorusConfig, RedactingLogger } from '@chorus/config';
import helmet from 'helmet';
import { AccessControl } from './access/access-control';
import { AppModule } from './app.module';
import { ApiMetrics } from './metrics/api-metrics';
import { sanitizeJsonBody } from './input/json-body-sanitizer';
import { openApiDocument } from './openapi/openapi-document';
import { bodyParserErrors } from './problem/body-parser-errors';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bodyParser: false,
    logger: new RedactingLogger(),
  });
  const config = app.get<ChorusConfig>(CHORUS_CONFIG);
  app.set('trust proxy', config.security.trustProxy);
  app.use(app.get(ApiMetrics).middleware);
  // helmet's defaults, deliberately widened in two places: audio plays from presigned storage
  // URLs (media-src), and no upgrade-insecure-requests, which would break plain-http local use
  // (TLS belongs to the proxy in front). Scripts stay 'self' only: the page and /docs have no
  // inline script.
  const s3 = config.s3;
  const storageOrigin = `${s3.useSSL ? 'https' : 'http'}://${s3.endPoint}:${s3.port}`;
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'media-src': ["'self'", storageOrigin],
          'upgrade-insecure-requests': null,
        },
      },
    }),
  );
  // Browsers may call from the listed origins only; with none listed, no CORS headers at all.
  if (config.security.corsOrigins.length > 0)
    app.enableCors({
      origin: config.security.corsOrigins,
      allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-api-key'],
      exposedHeaders: ['location', 'retry-after', 'idempotent-replayed'],
      maxAge: 600,
    });
  // Keys and rate limits before any body is read.
  app.use(app.get(AccessControl).middleware);
  // A document of the maximum size, even if every character needs a \uXXXX escape, plus options.
  const limit = config.pipeline.maxDocumentChars * 6 + 1024 * 1024;
  app.use(json({ limit, type: ['application/json', 'application/*+json'] }));
  app.use(bodyParserErrors);
  app.use(sanitizeJsonBody);
  // The web page (/) and the API reference (/docs) are public; the access middleware guards /v1.
  app.useStaticAssets(join(__dirname, 'public'), { index: 'index.html', maxAge: 60_000 });
  SwaggerModule.setup('docs', app, openApiDocument(app), { jsonDocumentUrl: 'docs/openapi.json' });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.enableShutdownHooks();
  const server = await app.listen(config.api.port, config.api.host);
  server.requestTimeout = 120_000;
  server.headersTimeout = 30_000;
}

void bootstrap();
