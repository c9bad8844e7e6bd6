import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUDIT_ACTION_LABELS, auditActionLabel } from '@hotleads/shared';

const SRC = join(__dirname, '..', '..');
const ACTION = /'([a-z_]+(?:\.[a-z_]+)+)'/g;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'migrations' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

// The actions the API writes: `action: ...` in audit calls, and literals in SQL that inserts audit rows.
function writtenActions(): Set<string> {
  const found = new Set<string>();
  for (const file of sources(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const [, expression] of text.matchAll(/\baction:\s*([^,\n}]+)/g)) for (const [, action] of expression.matchAll(ACTION)) found.add(action);
    for (const [, values] of text.matchAll(/INTO audit_logs[^`]*?VALUES\s*\(([^)]*)\)/g)) for (const [, action] of values.matchAll(ACTION)) found.add(action);
  }
  return found;
}

describe('audit action labels', () => {
  it('has words for every action the API writes', () => {
    const written = writtenActions();
    // The scan itself works: it sees actions written both ways.
    expect(written.has('lead.create')).toBe(true);
    expect(written.has('privacy.intake_suppressed')).toBe(true);
    expect([...written].filter((action) => !(action in AUDIT_ACTION_LABELS))).toEqual([]);
  });

  it('reads an action it does not know as its words', () => {
    expect(auditActionLabel('lead.create')).toBe('Lead created');
    expect(auditActionLabel('thing.gone_missing')).toBe('Thing gone missing');
  });
});
