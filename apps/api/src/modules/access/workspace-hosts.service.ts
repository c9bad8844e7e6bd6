import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { HostWorkspace } from '../../common/http/workspace-host';
import { appConfig, type AppConfig } from '../../config/app.config';
import { workspaceBaseUrl, workspaceUrlOf } from '../../common/http/public-url';

export type HostMatch = { kind: 'apex' } | { kind: 'workspace'; slug: string } | { kind: 'foreign' };

// How long a replica trusts what it read about a slug; a change on this replica is seen at once.
const CACHE_MS = 30_000;
// Unknown names are remembered too (a scan of made-up sub-domains should not cost a query each), but
// the map is bounded so such a scan cannot grow it without end.
const CACHE_MAX_ENTRIES = 5_000;

// Host names to workspaces: `{slug}.{BASE_DOMAIN}` serves that workspace, BASE_DOMAIN itself is the apex
// (sign-up, finding your workspace); with BASE_DOMAIN unset every workspace shares one host as before.
@Injectable()
export class WorkspaceHosts {
  readonly baseDomain: string | undefined;
  private readonly cache = new Map<string, { value: HostWorkspace | null; until: number }>();

  constructor(
    @Inject(appConfig.KEY) private readonly app: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    this.baseDomain = app.BASE_DOMAIN;
  }

  get enabled(): boolean {
    return this.baseDomain !== undefined;
  }

  // Only the apex and one label under it count; anything else (an IP address, another domain, a deeper
  // name) is not ours.
  classify(hostname: string): HostMatch {
    const host = hostname.toLowerCase().replace(/\.$/, '');
    const base = this.baseDomain!;
    if (host === base) return { kind: 'apex' };
    if (!host.endsWith(`.${base}`)) return { kind: 'foreign' };
    const label = host.slice(0, -base.length - 1);
    return /^[a-z0-9-]{1,63}$/.test(label) ? { kind: 'workspace', slug: label } : { kind: 'foreign' };
  }

  async bySlug(slug: string): Promise<HostWorkspace | null> {
    const now = Date.now();
    const cached = this.cache.get(slug);
    if (cached && cached.until > now) return cached.value;
    const [row] = await this.dataSource.query<Array<{ id: string; name: string; slug: string }>>(`SELECT id, name, slug FROM workspace_by_slug($1)`, [slug]);
    const value = row ? { tenantId: row.id, slug: row.slug, name: row.name } : null;
    if (this.cache.size >= CACHE_MAX_ENTRIES) this.cache.clear();
    this.cache.set(slug, { value, until: now + CACHE_MS });
    return value;
  }

  // After a slug or name changes on this replica; others see it within CACHE_MS.
  forget(...slugs: string[]): void {
    for (const slug of slugs) this.cache.delete(slug);
  }

  urlFor(slug: string): string {
    return workspaceBaseUrl(this.app, slug);
  }

  apexUrl(): string {
    return workspaceUrlOf(this.app, '', false);
  }
}
