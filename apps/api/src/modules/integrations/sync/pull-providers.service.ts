import { Injectable } from '@nestjs/common';
import { isPullProvider, type ProviderName } from '../integration-values';
import { GoogleCalendarProvider } from '../providers/google/google-calendar.provider';
import { ZohoProvider } from '../providers/zoho/zoho.provider';
import { ZoomProvider } from '../providers/zoom/zoom.provider';
import type { HttpPolicy } from './provider-http';
import type { PullProvider } from './pull-provider';

// The one place that maps a pull provider's name to its implementation.
@Injectable()
export class PullProviders {
  private readonly byName: Record<string, PullProvider & { policy(): HttpPolicy }>;

  constructor(zoho: ZohoProvider, googleCalendar: GoogleCalendarProvider, zoom: ZoomProvider) {
    this.byName = { zoho, google_calendar: googleCalendar, zoom };
  }

  has(name: ProviderName): boolean {
    return isPullProvider(name) && name in this.byName;
  }

  get(name: ProviderName): PullProvider {
    return this.byName[name];
  }

  policy(provider: PullProvider): HttpPolicy {
    return this.byName[provider.name].policy();
  }

  supportsPush(name: ProviderName): boolean {
    return this.has(name) && (this.byName[name].pushStreams?.length ?? 0) > 0;
  }

  streamsOf(name: ProviderName): string[] {
    if (!this.has(name)) return [];
    const provider = this.byName[name];
    return [...provider.streams.map((s) => s.name), ...(provider.pushStreams ?? []).map((s) => s.name)];
  }
}
