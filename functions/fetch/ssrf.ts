// The SSRF guard: which addresses a feed fetch may connect to. Applied to the resolved address of every hop
// (a DNS answer cannot smuggle a private address in), and to numeric host spellings before anything resolves.
import { BlockList, isIP } from 'node:net';

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // RFC 1918
  ['100.64.0.0', 10], // CGNAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12], // RFC 1918
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // TEST-NET-1
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // RFC 1918
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // TEST-NET-2
  ['203.0.113.0', 24], // TEST-NET-3
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['::', 96], // IPv4-compatible (deprecated)
  // IPv4-mapped (::ffff:0:0/96) is refused in blockedAddressReason: in a BlockList it would match every IPv4 address.
  ['64:ff9b::', 96], // NAT64 (embeds an IPv4 address)
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard-only
  ['2001::', 32], // Teredo (embeds an IPv4 address)
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4 (embeds an IPv4 address)
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/** The WHATWG serialization of an IPv6 address ("0:0:0:0:0:ffff:7f00:1" → "[::ffff:7f00:1]"). */
function canonicalIpv6(ip: string): string {
  try {
    return new URL(`http://[${ip}]/`).hostname.toLowerCase();
  } catch {
    return ip;
  }
}

/** Why an IP address may not be fetched, or undefined when it is a public unicast address. */
export function blockedAddressReason(address: string): string | undefined {
  const ip = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(ip);
  if (family === 0) return 'not an IP address';
  if (family === 6 && /^\[::ffff:/i.test(canonicalIpv6(ip))) return 'an IPv4-mapped IPv6 address';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  return blocked.check(ip, type) ? `a private, loopback, link-local or reserved address (${ip})` : undefined;
}

/**
 * Hosts written as numbers in another spelling than dotted decimal ("2130706433", "0x7f.1", "0177.0.0.1",
 * "127.1") are refused outright: URL parsers disagree about them, which is what SSRF payloads rely on.
 */
export function numericHostSpelling(rawHost: string): boolean {
  const host = rawHost.toLowerCase().replace(/\.$/, '');
  if (!/^[0-9a-fx.]+$/.test(host) || !/^[0-9]|^0x/.test(host)) return false;
  if (/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(host)) return false;
  // Something that looks numeric but is a DNS name (has letters beyond hex or a non-numeric label) is a name.
  return host.split('.').every((label) => /^(0x[0-9a-f]*|[0-9]+)$/.test(label));
}

/** The host exactly as written in a URL string, before the WHATWG parser rewrites numeric spellings. */
export function rawHostOf(url: string): string | undefined {
  const match = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#\\]*@)?(\[[^\]]*\]|[^:/?#\\]*)/i.exec(url.trim());
  return match?.[1];
}

/** Normalizes allow-list entries and hosts for comparison ("[::1]" → "::1", case-folded, no trailing dot). */
export function normalizeHost(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
}
