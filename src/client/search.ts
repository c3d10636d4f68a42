import type { SearchHit } from '../protocol/search.js';
import type { ServerPayloads } from '../protocol/server-events.js';
import type { Connection } from './connection.js';
import type { ChatState, Store } from './store.js';

/** The search panel's state: what was asked, what came back, whether more can be asked for. */
export interface SearchState {
  query: string;
  roomId: number | null;
  /** The request whose answer is awaited (a newer search makes older answers stale). */
  requestId: string | null;
  hits: SearchHit[];
  nextBefore: string | null;
  status: 'idle' | 'loading' | 'done' | 'failed';
  /** The server's error code when failed. */
  error?: string;
}

export const initialSearch: SearchState = { query: '', roomId: null, requestId: null, hits: [], nextBefore: null, status: 'idle' };

const PAGE = 20;

/** Pure: a page of results into the state, if it answers the request awaited. */
export function receiveResults(search: SearchState, payload: ServerPayloads['search_results']): SearchState {
  if (payload.request_id === undefined || payload.request_id !== search.requestId) return search;
  const known = new Set(search.hits.map((hit) => hit.message.message_id));
  return {
    ...search,
    requestId: null,
    status: 'done',
    hits: [...search.hits, ...payload.hits.filter((hit) => !known.has(hit.message.message_id))],
    nextBefore: payload.next_before ?? null,
  };
}

/** Sends `search` and keeps its answers (search_results, or an error with its request_id). */
export class Search {
  constructor(
    private readonly store: Store,
    private readonly connection: Connection,
  ) {}

  /** A new search: earlier results go. */
  run(query: string, roomId: number | null): void {
    const requestId = this.connection.nextRequestId();
    this.set(() => ({ ...initialSearch, query, roomId, requestId, status: 'loading' }));
    this.send(requestId, query, roomId, undefined);
  }

  /** The next page of the current search. */
  more(): void {
    const search = this.store.get().search;
    if (search.nextBefore === null || search.status === 'loading') return;
    const requestId = this.connection.nextRequestId();
    this.set((current) => ({ ...current, requestId, status: 'loading' }));
    this.send(requestId, search.query, search.roomId, search.nextBefore);
  }

  clear(): void {
    this.set(() => initialSearch);
  }

  onResults(payload: ServerPayloads['search_results']): void {
    this.set((search) => receiveResults(search, payload));
  }

  /** An `error` answering the awaited search: true when it was ours. */
  failed(requestId: string | undefined, code: string): boolean {
    if (requestId === undefined || requestId !== this.store.get().search.requestId) return false;
    this.set((search) => ({ ...search, requestId: null, status: 'failed', error: code }));
    return true;
  }

  private send(requestId: string, query: string, roomId: number | null, before: string | undefined): void {
    const sent = this.connection.send('search', {
      request_id: requestId,
      query,
      limit: PAGE,
      ...(roomId === null ? {} : { room_id: roomId }),
      ...(before === undefined ? {} : { before }),
    });
    if (!sent) this.set((search) => ({ ...search, requestId: null, status: 'failed', error: 'unavailable' }));
  }

  private set(change: (search: SearchState) => SearchState): void {
    this.store.update((state: ChatState) => {
      const search = change(state.search);
      return search === state.search ? state : { ...state, search };
    });
  }
}
