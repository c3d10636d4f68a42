import MarkdownIt, { type Token } from 'markdown-it';
import { type ComponentChild, h } from 'preact';

/**
 * Message text as formatted elements, built from markdown-it's token stream, never from HTML: every
 * string the person typed reaches the page as a text child (Preact escapes it), the only elements are
 * the ones listed in ELEMENTS, and a link is an <a> only for http(s) (anything else stays plain text).
 * html: false keeps tags as text; images, headings, tables, rules and link reference definitions are
 * off (a chat line starting with # or --- stays as typed), and so are entities (&lt; shows as typed).
 */
const md = new MarkdownIt('default', { html: false, linkify: true, breaks: true, typographer: false });
md.disable(['image', 'heading', 'lheading', 'table', 'hr', 'reference', 'entity', 'html_block', 'html_inline']);
// Only addresses with their scheme written out become links (no "example.com" or e-mail guessing).
md.linkify.set({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false });

const ELEMENTS = new Set(['p', 'strong', 'em', 's', 'blockquote', 'ul', 'ol', 'li', 'a', 'code', 'pre']);
const SAFE_LINK = /^https?:\/\//i;

/** How names called in a message are marked: `@name` runs (case-insensitive), mine set apart. */
export interface MentionMarks {
  names: string[];
  mine: string | null;
  room: boolean;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function markMentions(text: string, marks: MentionMarks): ComponentChild[] {
  const names = [...marks.names, ...(marks.room ? ['room'] : [])];
  if (names.length === 0 || !text.includes('@')) return [text];
  const pattern = new RegExp(
    `@(${names
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|')})`,
    'giu',
  );
  const parts: ComponentChild[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const name = match[1] ?? '';
    if (match.index > last) parts.push(text.slice(last, match.index));
    const mine = name.toLocaleLowerCase() === 'room' || name.toLocaleLowerCase() === marks.mine?.toLocaleLowerCase();
    parts.push(h('span', { class: mine ? 'mention me' : 'mention' }, match[0]));
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

interface Frame {
  token: Token | null;
  children: ComponentChild[];
}

function element(token: Token, children: ComponentChild[]): ComponentChild[] {
  // A tight list's paragraphs are not drawn as paragraphs.
  if (token.hidden || !ELEMENTS.has(token.tag)) return children;
  if (token.tag === 'a') {
    const href = token.attrGet('href') ?? '';
    if (!SAFE_LINK.test(href)) return children;
    return [h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, ...children)];
  }
  if (token.tag === 'ol') {
    const start = Number(token.attrGet('start'));
    return [h('ol', Number.isSafeInteger(start) ? { start } : {}, ...children)];
  }
  return [h(token.tag, {}, ...children)];
}

function build(tokens: Token[], marks: MentionMarks, into: ComponentChild[]): void {
  const stack: Frame[] = [{ token: null, children: into }];
  const top = () => stack[stack.length - 1] as Frame;
  for (const token of tokens) {
    if (token.nesting === 1) {
      stack.push({ token, children: [] });
      continue;
    }
    if (token.nesting === -1) {
      const frame = stack.pop() as Frame;
      top().children.push(...(frame.token ? element(frame.token, frame.children) : frame.children));
      continue;
    }
    const out = top().children;
    switch (token.type) {
      case 'inline':
        build(token.children ?? [], marks, out);
        break;
      case 'text':
        out.push(...markMentions(token.content, marks));
        break;
      case 'code_inline':
        out.push(h('code', {}, token.content));
        break;
      case 'fence':
      case 'code_block':
        out.push(h('pre', {}, h('code', {}, token.content.replace(/\n$/, ''))));
        break;
      case 'softbreak':
      case 'hardbreak':
        out.push(h('br', {}));
        break;
      default:
        // Anything else markdown-it may emit is shown as the text it came from.
        if (token.content) out.push(token.content);
    }
  }
  // Unbalanced tokens cannot come from markdown-it, but nothing typed may ever be lost.
  while (stack.length > 1) {
    const frame = stack.pop() as Frame;
    top().children.push(...frame.children);
  }
}

export function renderMarkdown(content: string, marks: MentionMarks): ComponentChild[] {
  const out: ComponentChild[] = [];
  build(md.parse(content, {}), marks, out);
  return out;
}
