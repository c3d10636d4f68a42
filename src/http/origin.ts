import { isIP } from 'node:net';

export interface OriginPolicy {
  allowedOrigins: string[];
  allowNullOrigin: boolean;
  /** PUBLIC_URL: the origin browsers reach this server at (validated in config/env.ts). */
  publicUrl?: string | undefined;
}

export type OriginVerdict = { allowed: true } | { allowed: false; message: string };

const ALLOWED: OriginVerdict = { allowed: true };
const refuse = (message: string): OriginVerdict => ({ allowed: false, message });

/**
 * Who may open a chat connection from a browser. Two attacks, two checks:
 *
 * - Cross-site WebSocket hijacking: a page on another site opens a socket
 *   with the visitor's ambient credentials. The browser's Origin (scheme,
 *   host and port, RFC 6454) must be ours, or listed in ALLOWED_ORIGINS.
 * - DNS rebinding: evil.example re-resolves to this server, so the page's
 *   Origin and the Host it connects to are both evil.example and "match".
 *   The Host must be a name we serve: PUBLIC_URL's host, or, without it,
 *   only names no outsider's DNS can point at us (localhost, IP literals).
 *
 * No Origin means a program, not a browser: it carries no ambient credentials
 * to abuse and cannot be rebound, so it is let in (tests, bench, tools).
 * `null` (a file:// page, like the seed's client) only when configured.
 */
export function checkOrigin(origin: string | undefined, host: string | undefined, policy: OriginPolicy): OriginVerdict {
  if (origin === undefined) return ALLOWED;
  const publicUrl = policy.publicUrl === undefined ? undefined : new URL(policy.publicUrl);
  const served = servedHost(host, publicUrl);
  if (typeof served !== 'string') return served;
  if (origin === 'null')
    return policy.allowNullOrigin ? ALLOWED : refuse('Origin null (a page opened from a file) is refused unless ALLOW_NULL_ORIGIN=true');
  const normalized = originOf(origin);
  if (policy.allowedOrigins.includes('*') || policy.allowedOrigins.includes(origin) || policy.allowedOrigins.includes(normalized ?? '')) {
    return ALLOWED;
  }
  const expected = publicUrl?.origin ?? `http://${served}`;
  if (normalized === expected) return ALLOWED;
  return refuse(`Origin ${origin} may not open a chat connection here: only ${expected} and the origins in ALLOWED_ORIGINS may`);
}

/** The Host as `host[:port]` when it is one we serve, else the refusal. */
function servedHost(host: string | undefined, publicUrl: URL | undefined): string | OriginVerdict {
  if (host === undefined) return refuse('a browser handshake must name the Host');
  const url = parseHost(host, publicUrl?.protocol ?? 'http:');
  if (publicUrl) {
    if (url?.host === publicUrl.host) return url.host;
    return refuse(`this server is served at ${publicUrl.origin} (PUBLIC_URL); Host ${host} is not it`);
  }
  if (url && (url.hostname === 'localhost' || isIP(url.hostname.replace(/^\[(.*)\]$/, '$1')) !== 0)) return url.host;
  const name = url?.hostname ?? host;
  return refuse(
    `browsers may connect only through localhost or an IP address unless PUBLIC_URL is set; set PUBLIC_URL=https://${name} (or http://) to serve this server at ${name}`,
  );
}

/** The Host header as a URL of the given scheme (lower-cased, default port dropped); undefined unless it is a bare host[:port]. */
function parseHost(host: string, protocol: string): URL | undefined {
  if (/[/\\?#@\s]/.test(host)) return undefined;
  try {
    return new URL(`${protocol}//${host}`);
  } catch {
    return undefined;
  }
}

function originOf(origin: string): string | undefined {
  try {
    return new URL(origin).origin;
  } catch {
    return undefined;
  }
}
