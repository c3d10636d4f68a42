import { type WebSocket, WebSocketServer } from 'ws';
import { type BaselineMessage, handleFrame, listenPort, newSession } from './mini-chat.js';

/**
 * A bare `ws` chat server with no database and no checks. tickMs = 0: each
 * message is broadcast at once, serialized once and sent as a string to
 * every socket (ws's README broadcast). tickMs > 0: the messages of a tick
 * go out as one frame per socket, one Buffer shared by all.
 */
export function startWsBaseline(tickMs: number): void {
  const room = new Set<WebSocket>();
  let pending: BaselineMessage[] = [];
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    const frame = Buffer.from(JSON.stringify({ kind: 'send', payload: { connection_id: null, messages: pending } }));
    pending = [];
    for (const socket of room) socket.send(frame);
  };

  const publish = (message: BaselineMessage, connectionId: string) => {
    if (tickMs > 0) {
      pending.push(message);
      if (!scheduled) {
        scheduled = true;
        setTimeout(flush, tickMs);
      }
      return;
    }
    const text = JSON.stringify({ kind: 'send', payload: { connection_id: connectionId, messages: [message] } });
    for (const socket of room) socket.send(text);
  };

  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: listenPort(),
    path: '/connect',
    perMessageDeflate: false,
    clientTracking: false,
  });
  wss.on('connection', (socket) => {
    const session = newSession();
    const reply = (kind: string, payload: Record<string, unknown>) => socket.send(JSON.stringify({ kind, payload }));
    const hooks = { reply, join: () => room.add(socket), publish: (message: BaselineMessage) => publish(message, session.connectionId) };
    reply('initial', { connection_id: session.connectionId });
    socket.on('message', (data) => {
      let frame: { kind?: unknown; payload?: Record<string, unknown> };
      try {
        frame = JSON.parse(String(data));
      } catch {
        return;
      }
      handleFrame(session, frame.kind, frame.payload ?? {}, hooks);
    });
    socket.on('error', () => {});
    socket.on('close', () => room.delete(socket));
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(0));
}
