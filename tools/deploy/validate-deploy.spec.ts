import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAll, checkCompose, checkEntrypoint, checkKubernetes, REPO } from './validate-deploy';
import { interpolate } from './validate-compose';
import { validateDockerfile } from './validate-dockerfile';

const repoFile = (path: string) => readFileSync(join(REPO, path), 'utf8');

/** Replaces `from` by `to` in a text, failing loudly if `from` is not there (a stale negative case). */
function edit(text: string, from: string, to: string): string {
  expect(text).toContain(from);
  return text.replace(from, to);
}

describe('deployment files', () => {
  it('every one passes its validator', { timeout: 120_000 }, async () => {
    const results = await checkAll();
    expect(results.map((r) => r.name)).toHaveLength(4);
    for (const r of results) expect(r.problems, r.name).toEqual([]);
  });
});

describe(checkCompose.name, () => {
  const compose = repoFile('docker-compose.yml');

  it('catches a field the Compose Specification does not have', () => {
    const sut = checkCompose(REPO, edit(compose, 'stop_grace_period: 30s', 'stop_grace_periode: 30s'));
    expect(sut.problems).toEqual([expect.stringMatching(/schema: \/services\/api .*stop_grace_periode/)]);
  });

  it('catches two workers on one GPU, a variable chorus does not read and a writable voice mount', () => {
    let text = edit(compose, "device_ids: ['1']", "device_ids: ['0']");
    text = edit(text, "CHORUS_PG_PORT: '5432'", "CHORUS_PG_PROT: '5432'");
    text = edit(
      text,
      './models/voices:/models/voices:ro\n    healthcheck: *worker',
      './models/voices:/models/voices\n    healthcheck: *worker',
    );
    const sut = checkCompose(REPO, text).problems.join('\n');
    expect(sut).toMatch(/synth-worker-gpu1: GPU 0 is already reserved by synth-worker-gpu0/);
    expect(sut).toMatch(/services\.api\.environment: CHORUS_PG_PROT is not a variable chorus reads/);
    expect(sut).toMatch(/synth-worker-cpu\.volumes: the voices must be mounted read-only/);
  });

  it("catches the local stack's credentials, which the production images refuse", () => {
    // Without a .env setting it, the variable falls back to the local stack's password everywhere.
    expect(compose).toContain('${CHORUS_PG_PASSWORD:?set it in .env}');
    const text = compose.replaceAll('${CHORUS_PG_PASSWORD:?set it in .env}', '${CHORUS_PG_PASSWORD:-chorus}');
    expect(checkCompose(REPO, text).problems.join('\n')).toMatch(
      /services\.api\.environment: CHORUS_PG_PASSWORD: the local stack's default is not allowed when NODE_ENV=production/,
    );
  });

  it('interpolates like Compose', () => {
    const env = { SET: 'x', EMPTY: '' };
    expect(interpolate('${SET:-d} ${EMPTY:-d} ${EMPTY-d} ${UNSET-d} ${UNSET} $$HOME', env)).toBe(
      'x d  d  $HOME',
    );
    expect(() => interpolate('${UNSET:?needed}', env)).toThrow(/UNSET is not set: needed/);
  });
});

describe(validateDockerfile.name, () => {
  it('catches a root image, a floating base, a worker that bypasses the start script and a file outside the context', () => {
    let text = edit(repoFile('Dockerfile'), 'USER 1000:1000\nEXPOSE 3000', 'EXPOSE 3000');
    text = edit(text, 'ARG NODE_IMAGE=node:24-bookworm-slim', 'ARG NODE_IMAGE=node:latest');
    text = edit(
      text,
      'CMD ["deploy/worker-entrypoint.sh"]',
      'CMD ["node", "dist/apps/synth-worker/src/main.js"]',
    );
    text = edit(text, 'COPY libs ./libs', 'COPY libs bench ./libs');
    const sut = validateDockerfile(text, {
      dockerignore: repoFile('.dockerignore'),
      exists: (p) => existsSync(join(REPO, p)),
    }).join('\n');
    expect(sut).toMatch(/target api: runs as root/);
    expect(sut).toMatch(/base image node:latest is not pinned/);
    expect(sut).toMatch(/target worker-cpu: CMD must be deploy\/worker-entrypoint\.sh/);
    expect(sut).toMatch(/COPY bench: not allowlisted in \.dockerignore/);
  });
});

describe(checkKubernetes.name, () => {
  const worker = repoFile('deploy/k8s/synth-worker.yaml');

  it(
    'catches a misspelt field, a KEDA metadata typo and more workers than partitions',
    { timeout: 120_000 },
    async () => {
      let text = edit(worker, 'livenessProbe:', 'livenesProbe:');
      text = edit(text, "lagThreshold: '180'", "lagTreshold: '180'");
      text = edit(text, 'maxReplicaCount: 16', 'maxReplicaCount: 64');
      const sut = (await checkKubernetes(REPO, { file: 'synth-worker.yaml', text })).problems.join('\n');
      expect(sut).toMatch(
        /Kubernetes 1\.30\.0\): \/spec\/template\/spec\/containers\/0 must NOT have additional properties .*livenesProbe/,
      );
      expect(sut).toMatch(/Kubernetes 1\.37\.0\): .*livenesProbe/);
      expect(sut).toMatch(/triggers\[0\] \(kafka\) has no metadata "lagTreshold"/);
      expect(sut).toMatch(/maxReplicaCount 64 exceeds the 48 partitions of tts\.segments/);
    },
  );

  it(
    'catches a credential committed in the Secret and a bad value in the ConfigMap',
    { timeout: 120_000 },
    async () => {
      const secret = edit(
        repoFile('deploy/k8s/secret.yaml'),
        'CHORUS_PG_PASSWORD: REPLACE_ME',
        'CHORUS_PG_PASSWORD: hunter22',
      );
      expect((await checkKubernetes(REPO, { file: 'secret.yaml', text: secret })).problems).toEqual([
        expect.stringMatching(/CHORUS_PG_PASSWORD must be a REPLACE_ME placeholder/),
      ]);
      const config = edit(
        repoFile('deploy/k8s/config.yaml'),
        "CHORUS_S3_USE_SSL: 'false'",
        "CHORUS_S3_USE_SSL: 'no'",
      );
      expect(
        (await checkKubernetes(REPO, { file: 'config.yaml', text: config })).problems.join('\n'),
      ).toMatch(/chorus-api container api: CHORUS_S3_USE_SSL: Invalid option/);
    },
  );
});

describe(checkEntrypoint.name, () => {
  it('catches a start script that runs the worker as a child instead of exec-ing it', () => {
    const root = mkdtempSync(join(tmpdir(), 'chorus-entry-'));
    try {
      mkdirSync(join(root, 'deploy'));
      const path = join(root, 'deploy/worker-entrypoint.sh');
      writeFileSync(path, '#!/bin/sh\nnode dist/apps/synth-worker/src/main.js\n');
      chmodSync(path, 0o644);
      expect(checkEntrypoint(root).problems).toEqual([
        'not executable (the images run it as their command)',
        'must end by exec-ing the worker (so it gets the signals)',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
