import { lookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isLoopback, isPublicAddress } from './address-policy.js';

export type OutboundRefusal = 'bad_url' | 'scheme' | 'address' | 'redirects' | 'content_type' | 'timeout' | 'network';

/** Why an outbound request was refused or failed; the caller decides what that means (no preview, drop a push subscription). */
export class OutboundError extends Error {
  override readonly name = 'OutboundError';
  constructor(
    readonly reason: OutboundRefusal,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface GuardedRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: Buffer;
  /** Plain http is refused unless allowed here (link previews) or the target is loopback under the test switch. */
  allowHttp?: boolean;
  /** Followed redirects, each checked like the first request. */
  maxRedirects?: number;
  /** Read at most this much of the body; the rest is never read. */
  maxBytes: number;
  /** For the whole exchange, redirects included. */
  timeoutMs: number;
  /** Refuses the response before its body is read when its type is not wanted. */
  acceptContentType?: (contentType: string) => boolean;
}

export interface GuardedResponse {
  url: string;
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body was longer than maxBytes and was cut there. */
  truncated: boolean;
}

export interface OutboundPolicy {
  /** Tests on one machine only: admits loopback addresses, and plain http to them. */
  allowLoopback: boolean;
  userAgent: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Every outbound HTTP request of the server goes through here (link
 * previews, Web Push), because the URL is chosen by a user. The host is
 * resolved by us and every address it has is checked (a name that resolves
 * to one private address among public ones is refused); the connection is
 * made to the vetted address, so a second DNS answer cannot swap it
 * (rebinding); each redirect is checked again; the body is bounded in size
 * and the exchange in time.
 */
export class GuardedFetcher {
  constructor(private readonly policy: OutboundPolicy) {}

  async fetch(request: GuardedRequest): Promise<GuardedResponse> {
    const deadline = AbortSignal.timeout(request.timeoutMs);
    let url = this.parse(request.url);
    let method = request.method ?? 'GET';
    let body = request.body;
    for (let redirects = 0; ; redirects++) {
      const address = await this.vet(url, request.allowHttp ?? false);
      const response = await this.exchange(url, address, { ...request, method, body }, deadline);
      const location = response.headers.location;
      if (!REDIRECTS.has(response.statusCode ?? 0) || location === undefined) return this.read(url, response, request, deadline);
      response.resume();
      if (redirects >= (request.maxRedirects ?? 5)) throw new OutboundError('redirects', 'too many redirects');
      url = this.parse(new URL(location, url).href);
      if (response.statusCode === 303) {
        method = 'GET';
        body = undefined;
      }
    }
  }

  /** Refuses, as `fetch` would, a URL the server must never send to (e.g. a push endpoint given by a client). */
  async checkTarget(url: string, allowHttp = false): Promise<void> {
    await this.vet(this.parse(url), allowHttp);
  }

  private parse(text: string): URL {
    try {
      return new URL(text);
    } catch {
      throw new OutboundError('bad_url', 'not a URL');
    }
  }

  /** The one address this URL may be fetched from, or a refusal. */
  private async vet(url: URL, allowHttp: boolean): Promise<{ address: string; family: number }> {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new OutboundError('scheme', `${url.protocol} is not fetched`);
    if (url.username || url.password) throw new OutboundError('bad_url', 'URLs with credentials are not fetched');
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await this.resolve(host);
    const { allowLoopback } = this.policy;
    if (addresses.length === 0 || !addresses.every((entry) => isPublicAddress(entry.address, allowLoopback))) {
      throw new OutboundError('address', `${host} is not a public address`);
    }
    const chosen = addresses[0] as { address: string; family: number };
    const plainAllowed = allowHttp || (allowLoopback && isLoopback(chosen.address));
    if (url.protocol === 'http:' && !plainAllowed) throw new OutboundError('scheme', 'only https is fetched');
    return chosen;
  }

  private async resolve(host: string): Promise<Array<{ address: string; family: number }>> {
    try {
      return await lookup(host, { all: true, verbatim: true });
    } catch {
      throw new OutboundError('network', `${host} does not resolve`);
    }
  }

  private exchange(
    url: URL,
    vetted: { address: string; family: number },
    request: GuardedRequest & { method: string },
    signal: AbortSignal,
  ): Promise<IncomingMessage> {
    // The socket connects to the vetted address whatever DNS says now; TLS still checks the host name.
    const pinned: LookupFunction = (_hostname, options, callback) => {
      if (options.all) callback(null, [{ address: vetted.address, family: vetted.family }]);
      else callback(null, vetted.address, vetted.family);
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const outgoing = send(url, {
        method: request.method,
        headers: { 'user-agent': this.policy.userAgent, ...request.headers },
        lookup: pinned,
        signal,
      });
      outgoing.once('response', resolve);
      outgoing.once('error', (error) =>
        reject(signal.aborted ? new OutboundError('timeout', 'took too long') : new OutboundError('network', error.message)),
      );
      outgoing.end(request.body);
    });
  }

  private async read(url: URL, response: IncomingMessage, request: GuardedRequest, signal: AbortSignal): Promise<GuardedResponse> {
    const contentType = String(response.headers['content-type'] ?? '');
    if (request.acceptContentType && !request.acceptContentType(contentType)) {
      response.destroy();
      throw new OutboundError('content_type', `${contentType || 'no content type'} is not wanted`, response.statusCode);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    try {
      for await (const chunk of response as AsyncIterable<Buffer>) {
        const room = request.maxBytes - size;
        chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
        size += Math.min(chunk.length, room);
        if (chunk.length > room) {
          truncated = true;
          break;
        }
      }
    } catch {
      throw signal.aborted ? new OutboundError('timeout', 'took too long') : new OutboundError('network', 'the response broke off');
    } finally {
      response.destroy();
    }
    return { url: url.href, status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks), truncated };
  }
}
