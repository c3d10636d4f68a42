import type { Bus, BusEvent, BusHandler } from './bus.js';

/** The single-process bus: delivery is a function call, on the next microtask. */
export class MemoryBus implements Bus {
  readonly kind = 'memory' as const;
  private readonly handlers = new Set<BusHandler>();

  async publish(event: BusEvent): Promise<void> {
    for (const handler of this.handlers) handler(event);
  }

  subscribe(handler: BusHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
