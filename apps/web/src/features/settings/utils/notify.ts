import { notifications } from '@mantine/notifications';

// Mantine's toast gives its close button no name and its message a grey below 4.5:1; both fixed here.
export function notify(color: 'green' | 'red', title: string, message: string): void {
  notifications.show({
    color,
    title,
    message,
    closeButtonProps: { 'aria-label': 'Close notification' },
    styles: { description: { color: 'var(--mantine-color-dimmed)' } },
  });
}
