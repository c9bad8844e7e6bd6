// One sample's value from the Prometheus text, matched on the metric name and its exact label set;
// undefined when no such sample is exposed.
export function promSample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels);
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (wanted.every(([k, v]) => have[k] === v) && Object.keys(have).length === wanted.length) return Number(match[3]);
  }
  return undefined;
}
