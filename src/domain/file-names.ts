const MAX_NAME_LENGTH = 200;

/**
 * A file name as shown and offered for download: the last path segment only
 * (names are never used on disk, but "../../x" is not a name anyone meant),
 * no control or bidi-override characters, well-formed Unicode, bounded.
 */
export function cleanFileName(raw: string): string {
  const base = raw.toWellFormed().split(/[/\\]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, '')
    .trim()
    .replace(/^\.+/, '');
  const chars = [...cleaned];
  if (chars.length === 0) return 'file';
  if (chars.length <= MAX_NAME_LENGTH) return cleaned;
  // Keep the extension when cutting: "very long name….pdf".
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 && cleaned.length - dot <= 16 ? cleaned.slice(dot) : '';
  return chars.slice(0, MAX_NAME_LENGTH - [...extension].length).join('') + extension;
}
