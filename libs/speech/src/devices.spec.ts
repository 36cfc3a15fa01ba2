import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSessionSettings } from '@chorus/config';
import {
  CUDA_PROVIDER_FILES,
  executionProvidersFor,
  missingCudaProviderFiles,
  ortSessionOptions,
} from './devices';

describe(missingCudaProviderFiles.name, () => {
  it('names the CUDA provider libraries an onnxruntime-node install lacks', () => {
    const pkg = mkdtempSync(join(tmpdir(), 'ort-'));
    try {
      const bin = join(pkg, 'bin', 'napi-v6', 'linux/x64');
      mkdirSync(bin, { recursive: true });
      expect(missingCudaProviderFiles(pkg, 'linux/x64')).toEqual(
        CUDA_PROVIDER_FILES.map((f) => join(bin, f)),
      );
      for (const f of CUDA_PROVIDER_FILES) writeFileSync(join(bin, f), '');
      expect(missingCudaProviderFiles(pkg, 'linux/x64')).toEqual([]);
    } finally {
      rmSync(pkg, { recursive: true, force: true });
    }
  });
});

describe(executionProvidersFor.name, () => {
  it('maps cuda:N to CUDA device N and anything else to the CPU', () => {
    expect(executionProvidersFor('cuda:2')).toEqual([{ name: 'cuda', deviceId: 2 }]);
    expect(executionProvidersFor('cpu:1')).toEqual(['cpu']);
  });
});

describe(ortSessionOptions.name, () => {
  it("maps the settings onto onnxruntime's session options", () => {
    const sut = ortSessionOptions('cuda:1', {
      ...defaultSessionSettings(2),
      interOpThreads: 1,
      executionMode: 'parallel',
      graphOptimization: 'extended',
      memArena: false,
      memPattern: false,
      spinning: false,
    });
    expect(sut).toEqual({
      executionProviders: [{ name: 'cuda', deviceId: 1 }],
      intraOpNumThreads: 2,
      interOpNumThreads: 1,
      executionMode: 'parallel',
      graphOptimizationLevel: 'extended',
      enableCpuMemArena: false,
      enableMemPattern: false,
      extra: { session: { 'intra_op.allow_spinning': '0' } },
    });
  });
});
