import { describe, expect, it } from 'vitest';
import { defaultSessionSettings } from '@chorus/config';
import { executionProvidersFor, ortSessionOptions } from './devices';

describe(executionProvidersFor.name, () => {
  it('picks the CUDA device by id', () => {
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
