import { describe, expect, it } from 'vitest';
import { assertPublicTarget } from './webhook-target';

describe(assertPublicTarget.name, () => {
  it('accepts public http(s) addresses', async () => {
    await expect(assertPublicTarget('https://93.184.216.34/hook', [])).resolves.toBeInstanceOf(URL);
  });

  it.each([
    'ftp://93.184.216.34/x',
    'file:///etc/passwd',
    'http://user:pw@93.184.216.34/',
    'http://127.0.0.1/',
    'http://10.1.2.3/',
    'http://192.168.0.1/',
    'http://169.254.169.254/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[fd00::1]/',
    'http://0.0.0.0/',
    'nonsense',
  ])('refuses %s', async (url) => {
    await expect(assertPublicTarget(url, [])).rejects.toMatchObject({ code: 'webhook_url_not_allowed' });
  });

  it('lets the allow-list open private addresses, by IP or CIDR', async () => {
    await expect(assertPublicTarget('http://127.0.0.1:8080/', ['127.0.0.1'])).resolves.toBeInstanceOf(URL);
    await expect(assertPublicTarget('http://10.9.8.7/', ['10.0.0.0/8'])).resolves.toBeInstanceOf(URL);
    await expect(assertPublicTarget('http://10.9.8.7/', ['127.0.0.1'])).rejects.toMatchObject({
      code: 'webhook_url_not_allowed',
    });
  });
});
