import { useEffect, useRef } from 'react';

// After a failed save, moves focus to the first field the API refused, so keyboard and screen reader users
// land on the message instead of hunting for it.
export function useFocusFirstInvalid(error: unknown) {
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (!error) return;
    ref.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [error]);
  return ref;
}
