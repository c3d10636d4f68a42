import { useEffect, useState } from 'preact/hooks';
import type { ChatState, Store } from './store.js';

/** Re-renders the caller on every store change. */
export function useChatState(store: Store): ChatState {
  const [state, setState] = useState(store.get());
  useEffect(() => {
    setState(store.get());
    return store.subscribe(setState);
  }, [store]);
  return state;
}
