import { Loader, type LoaderProps } from '@mantine/core';

// A spinner that says what is busy. Mantine's Loader is a plain element, which may not carry a name of its
// own (axe: aria-prohibited-attr); as an indeterminate progressbar it may, and screen readers announce it.
export function Busy({ label, size }: { label: string; size?: LoaderProps['size'] }) {
  return <Loader size={size} role="progressbar" aria-label={label} />;
}
