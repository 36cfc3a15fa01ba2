/**
 * `npm run validate:deploy`: checks every deployment file without Docker or a cluster (the
 * Dockerfile, docker-compose.yml, deploy/k8s/, the worker's start script) and exits non-zero
 * on any problem. CI runs it before the tests; the same checks run as unit tests.
 */
import { checkAll } from './validate-deploy';

async function main(): Promise<void> {
  let failed = 0;
  for (const check of await checkAll()) {
    if (check.problems.length === 0) {
      console.log(`✓ ${check.name}: ${check.what}`);
      continue;
    }
    failed++;
    console.log(`✗ ${check.name}:`);
    for (const p of check.problems) console.log(`    ${p}`);
  }
  if (failed > 0) {
    console.log(`deployment files: ${failed} with problems`);
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  console.error(`validate:deploy could not run: ${(err as Error).message}`);
  process.exitCode = 1;
});
