/** A piece of a found message's text, marked or not. */
export interface SnippetPart {
  text: string;
  mark: boolean;
}

/**
 * The part of a found message to show: up to `max` characters around the first highlight, cut at
 * spaces where it can be, with the highlight ranges (UTF-16 offsets from the server) as marked parts.
 * Text only: the view renders parts as text nodes, never as HTML.
 */
export function snippet(content: string, highlights: Array<[number, number]>, max = 200): SnippetPart[] {
  const ranges = highlights.filter(([start, end]) => start >= 0 && end <= content.length && start < end);
  let from = 0;
  let to = content.length;
  if (content.length > max) {
    const first = ranges[0]?.[0] ?? 0;
    from = Math.max(0, first - Math.floor(max / 3));
    const space = content.lastIndexOf(' ', from);
    if (from > 0 && space > from - 20) from = space + 1;
    to = Math.min(content.length, from + max);
  }
  const parts: SnippetPart[] = [];
  let at = from;
  for (const [start, end] of ranges) {
    if (end <= at || start >= to) continue;
    if (start > at) parts.push({ text: content.slice(at, start), mark: false });
    parts.push({ text: content.slice(Math.max(start, at), Math.min(end, to)), mark: true });
    at = Math.min(end, to);
  }
  if (at < to) parts.push({ text: content.slice(at, to), mark: false });
  if (from > 0) parts.unshift({ text: '…', mark: false });
  if (to < content.length) parts.push({ text: '…', mark: false });
  return parts;
}
