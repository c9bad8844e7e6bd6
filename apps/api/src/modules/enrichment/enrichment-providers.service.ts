import { Injectable, type OnModuleInit } from '@nestjs/common';
import { WebhookProviders } from '../integrations/webhook-providers.service';
import type { EnrichmentProviderName } from './enrichment-values';
import type { EnrichmentProvider } from './providers/enrichment-provider';
import { KickboxProvider } from './providers/kickbox/kickbox.provider';
import { TwilioLookupProvider } from './providers/twilio-lookup/twilio-lookup.provider';

// The one place that lists the enrichment providers. Each is also registered with the integrations module,
// which creates, tests and stores their connections like any other.
@Injectable()
export class EnrichmentProviders implements OnModuleInit {
  readonly all: readonly EnrichmentProvider[];

  constructor(
    twilio: TwilioLookupProvider,
    kickbox: KickboxProvider,
    private readonly connections: WebhookProviders,
  ) {
    this.all = [twilio, kickbox];
  }

  onModuleInit(): void {
    for (const provider of this.all) this.connections.register(provider);
  }

  get(name: string): EnrichmentProvider | undefined {
    return this.all.find((p) => p.name === name);
  }

  names(): EnrichmentProviderName[] {
    return this.all.map((p) => p.name);
  }
}
