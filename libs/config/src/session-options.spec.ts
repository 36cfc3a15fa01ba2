import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { defaultSessionSettings, parseSessionRules, sessionSettingsFor } from './session-options';

describe(parseSessionRules.name, () => {
  it('reads selectors and key:value pairs', () => {
    expect(
      parseSessionRules(
        'cpu=threads:2,spinning:off; cuda:0=precision:fp16,mode:parallel,interThreads:4;*=arena:on,memPattern:false,optimization:extended',
      ),
    ).toEqual([
      { selector: 'cpu', options: { intraOpThreads: 2, spinning: false } },
      {
        selector: 'cuda:0',
        options: { precision: 'fp16', executionMode: 'parallel', interOpThreads: 4 },
      },
      { selector: '*', options: { memArena: true, memPattern: false, graphOptimization: 'extended' } },
    ]);
    expect(parseSessionRules('')).toEqual([]);
  });

  it('names what is wrong', () => {
    expect(() => parseSessionRules('gpu=threads:2')).toThrow(/SELECTOR/);
    expect(() => parseSessionRules('cpu=threads:two')).toThrow(
      /threads in "cpu=threads:two": "two" is not a thread count/,
    );
    expect(() => parseSessionRules('cpu=precision:int4')).toThrow(/one of fp32, int8, fp16/);
    expect(() => parseSessionRules('cpu=speed:fast')).toThrow(/key one of/);
    expect(() => parseSessionRules('cpu=spinning:maybe')).toThrow(/on\/off/);
  });
});

describe(sessionSettingsFor.name, () => {
  const rules = parseSessionRules('cuda:1=precision:fp16;*=threads:3;cuda=precision:int8,threads:1');

  it('applies every device, then the kind, then the device itself', () => {
    const sut = (device: string) => sessionSettingsFor(device, rules, defaultSessionSettings());
    expect(sut('cpu:0')).toEqual({ ...defaultSessionSettings(), intraOpThreads: 3 });
    expect(sut('cuda:0')).toMatchObject({ intraOpThreads: 1, precision: 'int8' });
    expect(sut('cuda:1')).toMatchObject({ intraOpThreads: 1, precision: 'fp16' });
  });

  it('gives the defaults when no rule names the device', () => {
    expect(sessionSettingsFor('cpu:0', [], defaultSessionSettings(2))).toEqual(defaultSessionSettings(2));
  });
});

describe('CHORUS_SESSION_OPTIONS', () => {
  it('is parsed into the speech config and a bad value names the variable', () => {
    expect(loadConfig({ CHORUS_SESSION_OPTIONS: 'cpu=threads:2' }).speech.sessionRules).toEqual([
      { selector: 'cpu', options: { intraOpThreads: 2 } },
    ]);
    expect(loadConfig({}).speech.sessionRules).toEqual([]);
    expect(() => loadConfig({ CHORUS_SESSION_OPTIONS: 'cpu=threads' })).toThrow(/CHORUS_SESSION_OPTIONS/);
  });
});
