import { ActionIcon, useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { IconMoon, IconSun } from '@tabler/icons-react';

export function ThemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  // Resolves "auto" to what the OS shows; read on the first render since there is no server render.
  const current = useComputedColorScheme('light', { getInitialValueInEffect: false });
  const next = current === 'dark' ? 'light' : 'dark';
  const label = `Switch to ${next} theme`;
  const Icon = next === 'dark' ? IconMoon : IconSun;
  // A native `title` tooltip: Mantine's Tooltip would add floating-ui (~18 KB gzipped) to the first load.
  return (
    <ActionIcon variant="default" size="lg" aria-label={label} title={label} onClick={() => setColorScheme(next)}>
      <Icon size={18} stroke={1.5} aria-hidden />
    </ActionIcon>
  );
}
