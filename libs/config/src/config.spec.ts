import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe(loadConfig.name, () => {
  it('gives local-stack defaults for an empty environment', () => {
    const sut = loadConfig({});
    expect(sut.postgres.port).toBe(54329);
    expect(sut.kafka.brokers).toEqual(['127.0.0.1:19092']);
    expect(sut.s3.useSSL).toBe(false);
  });

  it('splits a broker list and coerces numbers', () => {
    const sut = loadConfig({ CHORUS_KAFKA_BROKERS: 'a:1, b:2', CHORUS_PG_PORT: '6000' });
    expect(sut.kafka.brokers).toEqual(['a:1', 'b:2']);
    expect(sut.postgres.port).toBe(6000);
  });

  it('reads the device list', () => {
    expect(loadConfig({ DEVICES: 'cpu:0, cpu:1' }).worker.devices).toEqual(['cpu:0', 'cpu:1']);
    expect(() => loadConfig({ DEVICES: 'gpu0' })).toThrow(/DEVICES/);
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ CHORUS_PG_PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ CHORUS_PG_PORT: '70000' })).toThrow(/CHORUS_PG_PORT/);
    expect(() => loadConfig({ CHORUS_S3_USE_SSL: 'yes' })).toThrow(/CHORUS_S3_USE_SSL/);
  });
});
