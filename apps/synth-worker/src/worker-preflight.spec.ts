import { describe, expect, it } from 'vitest';
import { loadConfig } from '@chorus/config';
import { preflight, PreflightError, type PreflightChecks } from './worker-preflight';

function checks(overrides: Partial<PreflightChecks> = {}): PreflightChecks {
  return {
    verifyVoices: () => Promise.resolve({ verified: ['v.onnx', 'v.onnx.json'], unpinned: [] }),
    missingCudaProviderFiles: () => {
      throw new Error('unexpected call: no CUDA device was asked for');
    },
    ...overrides,
  };
}

describe(preflight.name, () => {
  it('verifies the voices directory and requires the default voice to be pinned', async () => {
    const asked: [string, readonly string[]][] = [];
    const config = loadConfig({ CHORUS_VOICES_DIR: '/voices', CHORUS_DEFAULT_VOICE: 'v' });

    const sut = await preflight(
      config,
      checks({
        verifyVoices: (dir, required = []) => {
          asked.push([dir, required]);
          return Promise.resolve({ verified: ['v.onnx'], unpinned: ['w.onnx'] });
        },
      }),
    );

    expect(asked).toEqual([['/voices', ['v']]]);
    expect(sut.join('\n')).toMatch(/1 pinned file\(s\) match SHA256SUMS[\s\S]*not pinned.*w\.onnx/);
  });

  it('lets a voice problem stop the start', async () => {
    const failing = checks({
      verifyVoices: () => Promise.reject(new Error('x.onnx has sha256 1, expected 2')),
    });
    await expect(preflight(loadConfig({}), failing)).rejects.toThrow(/expected 2/);
  });

  it('refuses cuda devices without the CUDA provider, and accepts them with it', async () => {
    const config = loadConfig({ DEVICES: 'cuda:0' });
    await expect(
      preflight(
        config,
        checks({ missingCudaProviderFiles: () => ['/ort/libonnxruntime_providers_cuda.so'] }),
      ),
    ).rejects.toThrow(PreflightError);
    const ok = await preflight(config, checks({ missingCudaProviderFiles: () => [] }));
    expect(ok.at(-1)).toMatch(/CUDA execution provider present for cuda:0/);
  });
});
