import { useEffect, useState } from 'preact/hooks';
import { relativeTime } from '../format.js';

/** One timer for every relative time on the page: each re-renders itself once a minute, not the list. */
const clock = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function useMinute(): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    const tick = () => setTick((value) => value + 1);
    clock.add(tick);
    timer ??= setInterval(() => {
      for (const listener of clock) listener();
    }, 60_000);
    return () => {
      clock.delete(tick);
      if (clock.size === 0) {
        clearInterval(timer);
        timer = undefined;
      }
    };
  }, []);
}

/** "just now", "5 min ago", "14:05": kept current as the minutes pass. */
export function RelativeTime({ datetime }: { datetime: string }) {
  useMinute();
  return <>{relativeTime(datetime)}</>;
}
