// Numbers of the System page in the units an operator reads them in.

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
  return `${Math.floor(seconds / 86400)} d ${Math.round((seconds % 86400) / 3600)} h`;
}

export function formatRate(perSecond: number): string {
  const perMinute = perSecond * 60;
  return perMinute >= 10 ? `${Math.round(perMinute)}/min` : `${perMinute.toFixed(1)}/min`;
}

export function formatPercent(ratio: number): string {
  const percent = ratio * 100;
  return percent === 0 ? '0%' : percent < 0.1 ? '<0.1%' : `${percent < 10 ? percent.toFixed(1) : Math.round(percent)}%`;
}

export function formatLatency(seconds: number | null): string {
  if (seconds === null) return '–';
  return seconds < 1 ? `≤ ${Math.round(seconds * 1000)} ms` : `≤ ${seconds} s`;
}

const TITLES: Record<string, string> = { cpu: 'CPU' };

// "database" → "Database", "restore-drill" → "Restore drill".
export function checkTitle(name: string): string {
  if (TITLES[name]) return TITLES[name];
  const words = name.replace(/[-_]/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
