import { Injectable } from '@nestjs/common';
import type { ProviderName } from './integration-values';
import { AcuityProvider } from './providers/acuity/acuity.provider';
import { GoogleCalendarProvider } from './providers/google/google-calendar.provider';
import { ZohoProvider } from './providers/zoho/zoho.provider';
import { ZoomProvider } from './providers/zoom/zoom.provider';
import { TwilioSmsProvider } from './providers/twilio/twilio-sms.provider';
import { GenericWebhookProvider } from './providers/webhook/generic-webhook.provider';
import type { WebhookProvider } from './providers/webhook-provider';

// The one place that maps a provider name to its implementation. Modules that build on connections
// without this module knowing them (enrichment) register their providers at start-up.
@Injectable()
export class WebhookProviders {
  private readonly byName: Partial<Record<ProviderName, WebhookProvider>>;

  constructor(
    acuity: AcuityProvider,
    readonly generic: GenericWebhookProvider,
    zoho: ZohoProvider,
    googleCalendar: GoogleCalendarProvider,
    zoom: ZoomProvider,
    twilio: TwilioSmsProvider,
  ) {
    this.byName = { acuity, webhook: generic, zoho, google_calendar: googleCalendar, zoom, twilio };
  }

  register(provider: WebhookProvider): void {
    if (this.byName[provider.name] && this.byName[provider.name] !== provider) throw new Error(`provider ${provider.name} is registered twice`);
    this.byName[provider.name] = provider;
  }

  get(name: ProviderName): WebhookProvider {
    const provider = this.byName[name];
    if (!provider) throw new Error(`provider ${name} has no implementation registered`);
    return provider;
  }
}
