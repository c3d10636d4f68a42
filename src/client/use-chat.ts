import { createContext } from 'preact';
import { useContext, useLayoutEffect, useReducer, useRef } from 'preact/hooks';
import type { ChatSession } from './session.js';
import type { ChatState, Store } from './store.js';

export interface Chat {
  store: Store;
  session: ChatSession;
}

export const ChatContext = createContext<Chat | null>(null);

function useChat(): Chat {
  const chat = useContext(ChatContext);
  if (!chat) throw new Error('a chat component rendered outside <ChatContext.Provider>');
  return chat;
}

export const useSession = (): ChatSession => useChat().session;
export const useStore = (): Store => useChat().store;

/** Equal when both arrays hold the same items in the same order (a filtered list is a new array each time). */
export function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a === b || (a.length === b.length && a.every((item, index) => item === b[index]));
}

/**
 * The part of the state a component shows. The component re-renders only when what `select` returns
 * changes (by `equal`, identity unless told): the store's updates are immutable and share what they do
 * not touch, so a typing notice changes `state.typing` and nothing a message list selects.
 */
export function useSelector<T>(select: (state: ChatState) => T, equal: (a: T, b: T) => boolean = Object.is): T {
  const { store } = useChat();
  const [, rerender] = useReducer((count: number) => count + 1, 0);
  const selected = select(store.get());
  const latest = useRef({ select, selected, equal });
  latest.current = { select, selected, equal };
  useLayoutEffect(() => {
    const check = (state: ChatState) => {
      const { select, selected, equal } = latest.current;
      if (!equal(select(state), selected)) rerender(0);
    };
    // A change between this render and the subscription would otherwise be missed.
    check(store.get());
    return store.subscribe(check);
  }, [store]);
  return selected;
}
