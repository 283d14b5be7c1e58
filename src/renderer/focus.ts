// When the screen changes under the person (card pulled, login done), keyboard and screen-reader
// users must land on the new screen's heading, not on a button that no longer exists.
import { useEffect, useRef } from 'preact/hooks';

export function useFocusOnMount<T extends HTMLElement>(enabled = true) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (!enabled) return;
    // do not steal focus from a dialog or a field the person is typing in
    const active = document.activeElement;
    if (active && active !== document.body && active.closest('[role="dialog"]')) return;
    ref.current?.focus();
  }, []);
  return ref;
}
