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

describe('security settings', () => {
  it('defaults to 10 requests/s per IP, a queued-character cap and no cross-origin access', () => {
    const sut = loadConfig({}).security;
    expect(sut.rateLimitPerIp).toBe(10);
    expect(sut.tenantMaxQueuedChars).toBeGreaterThan(0);
    expect(sut.corsOrigins).toEqual([]);
    expect(sut.adminKey).toBeUndefined();
  });

  it('refuses a short admin key and non-http CORS origins', () => {
    expect(() => loadConfig({ CHORUS_ADMIN_KEY: 'short' })).toThrow(/CHORUS_ADMIN_KEY/);
    expect(() => loadConfig({ CHORUS_CORS_ORIGINS: 'javascript:alert(1)' })).toThrow(/CHORUS_CORS_ORIGINS/);
    expect(
      loadConfig({ CHORUS_CORS_ORIGINS: 'https://a.example, http://b.example:8080' }).security.corsOrigins,
    ).toEqual(['https://a.example', 'http://b.example:8080']);
  });

  it('reads script allow-lists per language and rejects unknown scripts', () => {
    const sut = loadConfig({ CHORUS_ALLOWED_SCRIPTS: 'ru=Cyrillic,Latin; el=Greek' }).security.allowedScripts;
    expect(sut.get('ru')).toEqual(['Cyrillic', 'Latin']);
    expect(sut.get('*')).toEqual(['Latin']);
    expect(() => loadConfig({ CHORUS_ALLOWED_SCRIPTS: 'en=Klingon' })).toThrow(/Klingon/);
    expect(() => loadConfig({ CHORUS_ALLOWED_SCRIPTS: 'en' })).toThrow(/LANGUAGE=Script/);
  });

  it("refuses the local stack's credentials in production", () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /CHORUS_PG_PASSWORD[\s\S]*CHORUS_S3_SECRET_KEY/,
    );
    const ok = loadConfig({
      NODE_ENV: 'production',
      CHORUS_PG_PASSWORD: 'from-a-secret-store',
      CHORUS_S3_SECRET_KEY: 'from-a-secret-store',
    });
    expect(ok.production).toBe(true);
  });

  it('reads trust proxy as a boolean, a hop count or a list', () => {
    expect(loadConfig({}).security.trustProxy).toBe(false);
    expect(loadConfig({ CHORUS_TRUST_PROXY: '1' }).security.trustProxy).toBe(1);
    expect(loadConfig({ CHORUS_TRUST_PROXY: 'loopback, 10.0.0.0/8' }).security.trustProxy).toBe(
      'loopback, 10.0.0.0/8',
    );
  });
});
