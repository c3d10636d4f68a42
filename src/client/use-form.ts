import { useEffect } from 'preact/hooks';
import type { ChatSession } from './session.js';
import type { ChatState, FormKey } from './store.js';

/**
 * A form's request as the store tracks it: busy while unanswered, the
 * server's refusal as `error`. A fresh form starts clean, and once the
 * server has answered yes, `onDone` runs (usually: close the dialog).
 */
export function useForm(key: FormKey, state: ChatState, session: ChatSession, onDone: () => void) {
  const form = state.forms[key];
  useEffect(() => {
    session.actions.clearForm(key);
    return () => session.actions.clearForm(key);
  }, [key, session]);
  useEffect(() => {
    if (form?.status !== 'done') return;
    session.actions.clearForm(key);
    onDone();
  }, [form?.status, key, session, onDone]);
  return { busy: form?.status === 'busy', error: form?.status === 'failed' ? (form.error ?? 'Refused') : null, target: form?.target };
}
