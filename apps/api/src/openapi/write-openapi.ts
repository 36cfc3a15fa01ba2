/**
 * Writes docs/openapi.json from the code (`npm run openapi`), or with `--check` fails when the
 * committed file differs from what the code generates. Runs from the compiled build (decorator
 * metadata), with the application in preview mode: nothing connects anywhere.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppModule } from '../app.module';
import { openApiDocument, openApiJson } from './openapi-document';

export const OPENAPI_FILE = resolve(__dirname, '../../../../../docs/openapi.json');

async function main(): Promise<number> {
  const app = await NestFactory.create(AppModule, { preview: true, logger: false, abortOnError: false });
  const json = openApiJson(openApiDocument(app));
  await app.close();
  if (process.argv.includes('--check')) {
    const committed = readFileSync(OPENAPI_FILE, 'utf8');
    if (committed === json) return 0;
    console.error('docs/openapi.json is out of date with the code: run `npm run openapi` and commit it');
    return 1;
  }
  writeFileSync(OPENAPI_FILE, json);
  console.log(`wrote ${OPENAPI_FILE}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
