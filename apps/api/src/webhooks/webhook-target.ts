import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { DomainError, ERROR_CODES } from '@chorus/contracts';

/**
 * Refuses webhook URLs that would make the API call into its own network (SSRF): only http(s),
 * no credentials in the URL, and every address the host resolves to must be public unicast,
 * unless it falls in the operator's allow-list (`CHORUS_WEBHOOK_ALLOWED_PRIVATE`). Checked at
 * registration and again before every delivery (DNS can change in between).
 */
export async function assertPublicTarget(raw: string, allowed: readonly string[]): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse('the url is not an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refuse('only http and https URLs');
  if (url.username || url.password) throw refuse('credentials in the URL are not allowed');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (ipaddr.isValid(host)) addresses = [host];
  else {
    try {
      addresses = (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
    } catch {
      throw refuse(`${host} does not resolve`);
    }
  }
  for (const address of addresses) {
    const ip = ipaddr.process(address);
    if (ip.range() === 'unicast' || isAllowed(ip, allowed)) continue;
    throw refuse(
      `${host} resolves to ${address} (${ip.range()}); private and loopback targets need CHORUS_WEBHOOK_ALLOWED_PRIVATE`,
    );
  }
  return url;
}

function isAllowed(ip: ipaddr.IPv4 | ipaddr.IPv6, allowed: readonly string[]): boolean {
  return allowed.some((entry) => {
    try {
      const [range, bits] = entry.includes('/')
        ? ipaddr.parseCIDR(entry)
        : [ipaddr.process(entry), ipaddr.process(entry).kind() === 'ipv4' ? 32 : 128];
      return range.kind() === ip.kind() && ip.match(range, bits);
    } catch {
      return false;
    }
  });
}

function refuse(detail: string): DomainError {
  return new DomainError(ERROR_CODES.WEBHOOK_URL_NOT_ALLOWED, detail);
}
