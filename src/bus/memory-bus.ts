import { type Bus, type BusEvent, type BusHandler, deliverTo } from './bus.js';

/** The single-process bus: delivery is a function call. */
export class MemoryBus implements Bus {
  readonly kind = 'memory' as const;
  private readonly handlers = new Set<BusHandler>();

  constructor(private readonly onError: (error: Error) => void) {}

  async publish(event: BusEvent): Promise<void> {
    deliverTo(this.handlers, event, this.onError);
  }

  isConnected(): boolean {
    return true;
  }

  subscribe(handler: BusHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
