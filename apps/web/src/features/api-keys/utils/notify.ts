import { notifications } from '@mantine/notifications';

// An outcome toast whose close button has a name (Mantine's has none by default).
export function notify(color: 'green' | 'red', title: string, message: string): void {
  notifications.show({ color, title, message, closeButtonProps: { 'aria-label': 'Close notification' } });
}
