import { Socket } from 'node:net';
import pino from 'pino';

export interface LogDestination {
  /** What pino writes each line to. */
  write(line: string): void;
  /** Lines dropped because the reader fell behind or went away. */
  dropped(): number;
}

/**
 * Where log lines go without ever stalling the process. pino's default
 * writes stdout synchronously: when whoever reads our stdout stops reading,
 * the pipe fills and the write blocks the event loop (or retries EAGAIN in a
 * busy loop), so the server stops serving and ignores SIGTERM. Here a pipe or
 * socket is written through the event loop (non-blocking) with a bounded
 * buffer: past `maxBufferBytes` unwritten, lines are dropped and counted. A
 * reader that is gone (EPIPE) costs the lines, never the process. Files and
 * terminals keep pino's asynchronous writer, bounded the same way. Nothing
 * else in the server may touch `process.stdout`: Node would switch the pipe
 * back to blocking writes for everyone.
 */
export function createLogDestination(fd = 1, maxBufferBytes = 1024 * 1024): LogDestination {
  let dropped = 0;
  let socket: Socket | undefined;
  try {
    socket = new Socket({ fd, readable: false, writable: true });
  } catch {
    // Not a pipe or socket (ERR_INVALID_FD_TYPE): a file or a terminal.
  }
  if (socket) {
    const pipe = socket;
    let broken = false;
    pipe.on('error', () => {
      broken = true;
    });
    pipe.unref();
    return {
      write(line) {
        if (broken || pipe.writableLength > maxBufferBytes) dropped += 1;
        else pipe.write(line);
      },
      dropped: () => dropped,
    };
  }
  const boom = pino.destination({ dest: fd, sync: false, maxLength: maxBufferBytes });
  boom.on('drop', () => {
    dropped += 1;
  });
  boom.on('error', () => {
    dropped += 1;
  });
  return {
    write: (line) => void boom.write(line),
    dropped: () => dropped,
  };
}
