import { NestFactory } from '@nestjs/core';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppModule } from '../app.module';
import { openApiDocument, openApiJson } from './openapi-document';

describe(openApiDocument.name, () => {
  it('matches the committed docs/openapi.json (run `npm run openapi` after changing the API)', async () => {
    const sut = await NestFactory.create(AppModule, { preview: true, logger: false, abortOnError: false });
    const generated = openApiJson(openApiDocument(sut));
    await sut.close();
    const committed = readFileSync(resolve(__dirname, '../../../../docs/openapi.json'), 'utf8');
    expect(generated).toBe(committed);
  }, 30_000);
});
