import type { Page } from 'playwright-core';

interface Frame {
  kind: string;
  payload: Record<string, unknown>;
}

/**
 * The page's WebSockets through a switch: while it is off, open sockets are closed and every new one is
 * refused at once, as when a laptop loses its network (the page itself stays loaded and can reload,
 * because plain HTTP is untouched). `sent` keeps every frame the page sends through it.
 */
export interface SocketSwitch {
  sent: Frame[];
  off(): Promise<void>;
  on(): void;
  /** Frames of these kinds from the page are noted but not passed on (until `on`), as if lost on the way. */
  drop(...kinds: string[]): void;
}

export async function socketSwitch(page: Page): Promise<SocketSwitch> {
  let offline = false;
  const dropped = new Set<string>();
  let open: Array<{ close: () => Promise<void> }> = [];
  const sent: Frame[] = [];
  await page.routeWebSocket(/\/connect$/, (socket) => {
    if (offline) return void socket.close();
    const server = socket.connectToServer();
    socket.onMessage((message) => {
      const frame = JSON.parse(String(message)) as Frame;
      sent.push(frame);
      if (!dropped.has(frame.kind)) server.send(message);
    });
    open = [socket, server];
  });
  return {
    sent,
    async off() {
      offline = true;
      for (const socket of open) await socket.close();
      open = [];
    },
    on() {
      offline = false;
      dropped.clear();
    },
    drop(...kinds) {
      for (const kind of kinds) dropped.add(kind);
    },
  };
}

/**
 * Elements that stick out of the viewport sideways (the page scrolls horizontally because of them),
 * ignoring what a scrolling or clipping ancestor keeps inside the viewport. Each as `tag.class "text"`.
 */
export function overflowingElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const clippedInside = (element: Element): boolean => {
      for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
        const overflow = getComputedStyle(parent).overflowX;
        if (overflow !== 'visible') {
          const box = parent.getBoundingClientRect();
          return box.left >= -0.5 && box.right <= width + 0.5;
        }
      }
      return false;
    };
    const found: string[] = [];
    if (document.documentElement.scrollWidth > width)
      found.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
    for (const element of document.querySelectorAll('body *')) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if ((box.right <= width + 0.5 && box.left >= -0.5) || clippedInside(element)) continue;
      const label = `${element.tagName.toLowerCase()}.${[...element.classList].join('.')} "${(element.textContent ?? '').trim().slice(0, 30)}"`;
      found.push(`${label} spans ${Math.round(box.left)}–${Math.round(box.right)} of ${width}`);
    }
    return found;
  });
}
