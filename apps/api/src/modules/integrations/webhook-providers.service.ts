import { Injectable } from '@nestjs/common';
import type { ProviderName } from './integration-values';
import { AcuityProvider } from './providers/acuity/acuity.provider';
import { GoogleCalendarProvider } from './providers/google/google-calendar.provider';
import { ZohoProvider } from './providers/zoho/zoho.provider';
import { ZoomProvider } from './providers/zoom/zoom.provider';
import { GenericWebhookProvider } from './providers/webhook/generic-webhook.provider';
import type { WebhookProvider } from './providers/webhook-provider';

// The one place that maps a provider name to its implementation.
@Injectable()
export class WebhookProviders {
  private readonly byName: Record<ProviderName, WebhookProvider>;

  constructor(
    acuity: AcuityProvider,
    readonly generic: GenericWebhookProvider,
    zoho: ZohoProvider,
    googleCalendar: GoogleCalendarProvider,
    zoom: ZoomProvider,
  ) {
    this.byName = { acuity, webhook: generic, zoho, google_calendar: googleCalendar, zoom };
  }

  get(name: ProviderName): WebhookProvider {
    return this.byName[name];
  }
}
