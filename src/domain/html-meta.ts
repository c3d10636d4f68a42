export interface PageMeta {
  title?: string;
  description?: string;
  siteName?: string;
  /** Absolute http(s) URL of the page's image, resolved against the page's URL. */
  image?: string;
}

const LIMITS = { title: 200, description: 500, siteName: 100 } as const;

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Character references as HTML defines them (the common named ones and every numeric one). */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref.toLowerCase()] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '\ufffd';
  });
}

/** Plain text, one line, well-formed, bounded: it is shown as text by every client, never as markup. */
function clean(value: string | undefined, max: number): string | undefined {
  if (value === undefined) return undefined;
  const text = decodeEntities(value)
    .toWellFormed()
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!text) return undefined;
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of tag.matchAll(/([a-z:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi)) {
    found.set((match[1] as string).toLowerCase(), match[2] ?? match[3] ?? match[4] ?? '');
  }
  return found;
}

/**
 * Title, description, site name and image of an HTML page, from its Open
 * Graph / Twitter meta tags or its <title>. Read with bounded regular
 * expressions over the (size-bounded) text, never rendered or executed; a
 * malformed page yields less, not an error.
 */
export function parsePageMeta(html: string, pageUrl: string): PageMeta {
  // The head is what matters and comes first; the bound keeps the work linear in a bounded input.
  const head = html.slice(0, 512 * 1024).replace(/<!--[\s\S]*?-->/g, '');
  const meta = new Map<string, string>();
  for (const match of head.matchAll(/<meta\b[^>]{0,2000}>/gi)) {
    const attrs = attributes(match[0]);
    const key = (attrs.get('property') ?? attrs.get('name') ?? '').toLowerCase();
    const content = attrs.get('content');
    if (key && content !== undefined && !meta.has(key)) meta.set(key, content);
  }
  const title = /<title\b[^>]{0,200}>([\s\S]{0,2000}?)<\/title>/i.exec(head)?.[1];
  const found: PageMeta = {};
  const pick = (...keys: string[]) => keys.map((key) => meta.get(key)).find((value) => value !== undefined && value.trim() !== '');
  const chosenTitle = clean(pick('og:title', 'twitter:title') ?? title, LIMITS.title);
  const description = clean(pick('og:description', 'twitter:description', 'description'), LIMITS.description);
  const siteName = clean(pick('og:site_name'), LIMITS.siteName);
  if (chosenTitle) found.title = chosenTitle;
  if (description) found.description = description;
  if (siteName) found.siteName = siteName;
  const image = pick('og:image:secure_url', 'og:image', 'og:image:url', 'twitter:image');
  if (image) {
    try {
      const resolved = new URL(decodeEntities(image.trim()), pageUrl);
      if (resolved.protocol === 'https:' || resolved.protocol === 'http:') found.image = resolved.href;
    } catch {
      // Not a URL: no image.
    }
  }
  return found;
}

/**
 * The first http(s) URL in a message, without the punctuation a sentence
 * puts after it. Links inside `code` are examples, not shares: skipped.
 */
export function firstLink(content: string): string | undefined {
  const prose = content.replace(/```[\s\S]*?```|`[^`\n]*`/g, ' ');
  const match = /\bhttps?:\/\/[^\s<>"'`]{1,2000}/i.exec(prose);
  if (!match) return undefined;
  let url = match[0];
  while (/[.,;:!?)\]}]$/.test(url)) {
    // A closing bracket that closes one in the URL (Wikipedia's "(disambiguation)") is part of it.
    const last = url.at(-1) as string;
    const open = { ')': '(', ']': '[', '}': '{' }[last];
    if (open && url.split(open).length > url.split(last).length - 1) break;
    url = url.slice(0, -1);
  }
  try {
    return new URL(url).href;
  } catch {
    return undefined;
  }
}
