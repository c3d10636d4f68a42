import { BlockList, isIP } from 'node:net';

/**
 * Which addresses the server may open outbound connections to: public
 * unicast only. Everything a request could use to reach the server's own
 * network is refused: loopback, private (RFC 1918), CGNAT, link-local (cloud
 * metadata at 169.254.169.254), multicast, reserved and documentation ranges,
 * unique-local IPv6, and IPv6 forms that embed IPv4 (mapped, NAT64, 6to4).
 */
const PRIVATE_V4: Array<[string, number]> = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

const PRIVATE_V6: Array<[string, number]> = [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
];

const refused = new BlockList();
for (const [network, prefix] of PRIVATE_V4) refused.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of PRIVATE_V6) refused.addSubnet(network, prefix, 'ipv6');

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** An IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it is. */
function unmapped(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? (mapped[1] as string) : address;
}

export function isLoopback(address: string): boolean {
  const plain = unmapped(address);
  const family = isIP(plain);
  return family !== 0 && loopback.check(plain, family === 4 ? 'ipv4' : 'ipv6');
}

/** True when the server may connect to this literal address. `allowLoopback` is for tests on one machine only. */
export function isPublicAddress(address: string, allowLoopback = false): boolean {
  const plain = unmapped(address);
  const family = isIP(plain);
  if (family === 0) return false;
  if (allowLoopback && isLoopback(plain)) return true;
  if (family === 6 && /^::ffff:/i.test(plain)) return false;
  return !refused.check(plain, family === 4 ? 'ipv4' : 'ipv6');
}
