import { dayLabel } from '../format.js';

/** Between two days of messages: "Today", "Yesterday", or the date. */
export function DateSeparator({ datetime }: { datetime: string }) {
  return (
    <li class="date-separator">
      <time dateTime={datetime.slice(0, 10)}>{dayLabel(datetime)}</time>
    </li>
  );
}
