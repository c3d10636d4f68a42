/** Server error codes in words a person understands (the server's own messages are for developers). */
const TEXT: Record<string, string> = {
  not_found: 'this room no longer exists, or you are not in it.',
  forbidden: 'you may not post in this room.',
  not_authorized: 'you are signed out.',
  too_large: 'the message is too long.',
  invalid_payload: 'the server could not accept this message.',
};

export function errorText(code: string | undefined): string {
  return (code && TEXT[code]) ?? 'something went wrong.';
}
