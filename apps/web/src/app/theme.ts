import { createTheme, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

// Mantine's orange with darker 8 and 9, so white text on filled elements and the light variant's text
// (shade 9 on shade 1) reach WCAG AA contrast.
const flame: MantineColorsTuple = [
  '#fff4e6',
  '#ffe8cc',
  '#ffd8a8',
  '#ffc078',
  '#ffa94d',
  '#ff922b',
  '#fd7e14',
  '#e8590c',
  '#c2410c',
  '#9a3412',
];

const LOW_CONTRAST_ALERTS = new Set(['yellow', 'green']);

export const theme = createTheme({
  colors: { flame },
  primaryColor: 'flame',
  primaryShade: { light: 8, dark: 8 },
  // Picks black or white text on filled backgrounds from their luminance.
  autoContrast: true,
  // White text keeps 4.5:1 only on fills darker than a luminance of about 0.183; Mantine's default (0.3)
  // left white on cyan, teal and green (4.3, 4.0, 3.4:1: the contacted, qualified and converted badges and
  // "Responded in…"). Above this, text is black (4.8:1 and more on those fills).
  luminanceThreshold: 0.185,
  defaultRadius: 'md',
  cursorType: 'pointer',
  // Accessibility defaults for every instance. The plain object form keeps the components themselves out of
  // this module, so nothing extra lands in the initial bundle.
  components: {
    // Mantine's close buttons have no accessible name.
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } },
    Drawer: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } },
    Notification: {
      defaultProps: { closeButtonProps: { 'aria-label': 'Close notification' } },
      // A toast's message under a title is gray 6 / dark 2, below 4.5:1.
      styles: { description: { color: 'var(--mantine-color-dimmed)' } },
    },
    Alert: {
      // The light variant's yellow and green titles are below 4.5:1 on their tinted background.
      styles: (_theme: unknown, props: { color?: string; variant?: string }) =>
        LOW_CONTRAST_ALERTS.has(props.color ?? '') && (props.variant ?? 'light') === 'light'
          ? { title: { color: 'var(--mantine-color-text)' } }
          : {},
    },
  },
});

// The default "dimmed" text (gray 6 / dark 2) is below 4.5:1 on the page background; one step darker/lighter passes.
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' },
  dark: { '--mantine-color-dimmed': 'var(--mantine-color-dark-1)' },
});
