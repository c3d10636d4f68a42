import { useEffect } from 'preact/hooks';
import { errorText } from './error-text.js';
import type { FormKey } from './store.js';
import { useSelector, useSession } from './use-chat.js';

/**
 * A form's request as the store tracks it: busy while unanswered, the
 * server's refusal as `error` (in words, translated). A fresh form starts
 * clean, and once the server has answered yes, `onDone` runs (usually:
 * close the dialog).
 */
export function useForm(key: FormKey, onDone: () => void) {
  const session = useSession();
  const form = useSelector((state) => state.forms[key]);
  useEffect(() => {
    session.actions.clearForm(key);
    return () => session.actions.clearForm(key);
  }, [key, session]);
  useEffect(() => {
    if (form?.status !== 'done') return;
    session.actions.clearForm(key);
    onDone();
  }, [form?.status, key, session, onDone]);
  return { busy: form?.status === 'busy', error: form?.status === 'failed' ? errorText(form.error, key) : null, target: form?.target };
}
