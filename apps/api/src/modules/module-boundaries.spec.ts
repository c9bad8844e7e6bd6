import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

// Feature modules may depend on each other in one direction only: a cycle (a imports b, b imports a,
// directly or through others) means a rule sits in the wrong place. Rules both sides need belong in
// libs/shared, plain helpers in common/.
const MODULES = __dirname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

const moduleOf = (path: string): string | undefined => {
  const rel = relative(MODULES, path);
  return rel.startsWith('..') || !rel.includes(sep) ? undefined : rel.split(sep)[0];
};

export function moduleGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(MODULES)) {
    const from = moduleOf(file)!;
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    // Static and dynamic imports, re-exports and type-only imports alike: each is a dependency.
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/(?:from|import\(?)\s*'(\.{1,2}\/[^']+)'/g)) {
      const to = moduleOf(resolve(dirname(file), specifier));
      if (to && to !== from) edges.add(to);
    }
  }
  return graph;
}

// Every cycle found by a depth-first walk, each as the path that closes it.
function cycles(graph: Map<string, Set<string>>): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const walk = (node: string, path: string[]) => {
    const at = path.indexOf(node);
    if (at >= 0) {
      found.push([...path.slice(at), node]);
      return;
    }
    if (done.has(node)) return;
    for (const next of graph.get(node) ?? []) walk(next, [...path, node]);
    done.add(node);
  };
  for (const node of graph.keys()) walk(node, []);
  return found;
}

describe('module boundaries', () => {
  it('finds the imports between modules', () => {
    const graph = moduleGraph();
    // A reader that found nothing would pass the next test for the wrong reason.
    expect(graph.get('users')).toContain('tenants');
    expect(graph.get('auth')).toContain('users');
  });

  it('has no two feature modules that depend on each other, directly or in a loop', () => {
    expect(cycles(moduleGraph()).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });
});
