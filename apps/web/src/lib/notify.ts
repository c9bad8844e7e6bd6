import { notifications } from '@mantine/notifications';

// An outcome toast. The close button's name and the message's contrast come from the theme.
export function notify(color: 'green' | 'red', title: string, message: string): void {
  notifications.show({ color, title, message });
}
