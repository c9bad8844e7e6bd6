import type { FieldError } from '../../../common/problem/problem.exception';

// The statuses a lead can reach that push it to the CRM.
export const PUSH_TRIGGERS = ['qualified', 'converted'] as const;
export type PushTrigger = (typeof PUSH_TRIGGERS)[number];

export interface PushConfig {
  enabled: boolean;
  on: PushTrigger;
}

// A connection's `config.push`, read defensively (off unless it says `enabled: true`).
export function pushConfigOf(config: Record<string, unknown> | null | undefined): PushConfig {
  const push = config?.push;
  if (!push || typeof push !== 'object' || Array.isArray(push)) return { enabled: false, on: 'qualified' };
  const { enabled, on } = push as Record<string, unknown>;
  return { enabled: enabled === true, on: (PUSH_TRIGGERS as readonly unknown[]).includes(on) ? (on as PushTrigger) : 'qualified' };
}

// `config.push` as given on create or update: `{ enabled: boolean, on?: 'qualified' | 'converted' }`, and
// only for a provider that takes pushes.
export function checkPushConfig(config: Record<string, unknown> | undefined, supportsPush: boolean): FieldError[] {
  if (config === undefined || !('push' in config)) return [];
  const push = config.push;
  if (!supportsPush) return [{ field: 'config.push', message: 'this provider takes no pushed leads' }];
  if (!push || typeof push !== 'object' || Array.isArray(push)) return [{ field: 'config.push', message: 'push must be { enabled: boolean, on: "qualified" | "converted" }' }];
  const errors: FieldError[] = [];
  const p = push as Record<string, unknown>;
  if (typeof p.enabled !== 'boolean') errors.push({ field: 'config.push.enabled', message: 'enabled must be true or false' });
  if (p.on !== undefined && !(PUSH_TRIGGERS as readonly unknown[]).includes(p.on)) errors.push({ field: 'config.push.on', message: `on must be one of ${PUSH_TRIGGERS.join(', ')}` });
  for (const key of Object.keys(p)) if (key !== 'enabled' && key !== 'on') errors.push({ field: `config.push.${key.slice(0, 50)}`, message: `${key.slice(0, 50)} is not a push setting` });
  return errors;
}
