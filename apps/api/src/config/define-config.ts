import type { z } from 'zod';

export interface ConfigSection<S extends z.ZodTypeAny> {
  readonly KEY: string;
  readonly schema: S;
}

export type ConfigOf<C> = C extends ConfigSection<infer S> ? z.output<S> : never;

// One section per area; the KEY doubles as the Nest injection token: `@Inject(appConfig.KEY) app: AppConfig`.
export function defineConfig<S extends z.ZodTypeAny>(name: string, schema: S): ConfigSection<S> {
  return { KEY: `config:${name}`, schema };
}
