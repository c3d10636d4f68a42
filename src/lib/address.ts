import { isIPv6 } from 'node:net';

const IPV4_MAPPED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * The unit that per-address limits count by. An IPv6 host is usually given a
 * whole /64 (SLAAC, privacy addresses), so counting single IPv6 addresses
 * would hand one machine 2^64 budgets: IPv6 counts by its /64 prefix. IPv4
 * (also when mapped into IPv6) counts one address at a time.
 */
export function addressBucket(address: string): string {
  const mapped = IPV4_MAPPED.exec(address);
  if (mapped?.[1]) return mapped[1];
  const bare = address.split('%')[0] ?? address;
  if (!isIPv6(bare)) return address;
  const [head = '', tail] = bare.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  // A trailing dotted IPv4 part fills two groups, always in the last 32 bits.
  const dotted = tailGroups.at(-1)?.includes('.') || headGroups.at(-1)?.includes('.') ? 1 : 0;
  const zeros = Array<string>(8 - headGroups.length - tailGroups.length - dotted).fill('0');
  const prefix = [...headGroups, ...zeros, ...tailGroups].slice(0, 4).map((group) => Number.parseInt(group, 16).toString(16));
  return `${prefix.join(':')}::/64`;
}
