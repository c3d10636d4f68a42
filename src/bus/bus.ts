import type { ChatMessage } from '../protocol/message.js';

/**
 * What one server process tells every process (itself included) after a
 * change has committed. Events carry everything a hub needs to fan out
 * without querying the database again.
 */
export type BusEvent =
  | { type: 'messages'; messages: Array<{ message: ChatMessage; connectionId: string | null }> }
  | { type: 'connection_closed'; connectionId: string; roomIds: number[] };

export type BusHandler = (event: BusEvent) => void;

export interface Bus {
  readonly kind: 'memory' | 'redis';
  publish(event: BusEvent): Promise<void>;
  subscribe(handler: BusHandler): () => void;
  close(): Promise<void>;
}
