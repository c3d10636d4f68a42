import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { type BaselineMessage, handleFrame, listenPort, newSession } from './mini-chat.js';

/**
 * Baseline: Socket.IO 4 over WebSocket only (no polling upgrade), the room
 * broadcast that `io.emit` uses (one packet encoded once, written to every
 * socket through Engine.IO).
 */
const http = createServer();
const io = new Server(http, { transports: ['websocket'], perMessageDeflate: false, httpCompression: false, serveClient: false });
const ROOM = 'general';

io.on('connection', (socket) => {
  const session = newSession();
  const hooks = {
    reply: (kind: string, payload: Record<string, unknown>) => socket.emit(kind, payload),
    join: () => socket.join(ROOM),
    publish: (message: BaselineMessage) => io.to(ROOM).emit('send', { connection_id: session.connectionId, messages: [message] }),
  };
  for (const kind of ['signin', 'signup', 'ping', 'message']) {
    socket.on(kind, (payload: unknown) => {
      handleFrame(session, kind, typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {}, hooks);
    });
  }
});

http.listen(listenPort(), '127.0.0.1');
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(0));
