import { Module } from '@nestjs/common';
import { IntegrationsModule } from '../integrations/integrations.module';
import { RulesModule } from '../rules/rules.module';
import { EnrichmentFeed } from './enrichment-feed';
import { EnrichmentLookupJob } from './enrichment-lookup.job';
import { EnrichmentProviders } from './enrichment-providers.service';
import { EnrichmentRepository } from './enrichment.repository';
import { EnrichmentService } from './enrichment.service';
import { EnrichmentSettingsService } from './enrichment-settings.service';
import { EnrichmentSettingsController, LeadEnrichmentController } from './enrichment.controller';
import { KickboxProvider } from './providers/kickbox/kickbox.provider';
import { TwilioLookupProvider } from './providers/twilio-lookup/twilio-lookup.provider';

// Phone and email enrichment of leads through provider connections (Integrations I): settings and
// budgets, the automatic feed, the lookup job with its cache, on-demand and bulk requests. An answer that
// changes what scoring reads rescores the lead (RulesModule) in the answer's transaction.
@Module({
  imports: [IntegrationsModule, RulesModule],
  controllers: [LeadEnrichmentController, EnrichmentSettingsController],
  providers: [TwilioLookupProvider, KickboxProvider, EnrichmentProviders, EnrichmentRepository, EnrichmentSettingsService, EnrichmentLookupJob, EnrichmentFeed, EnrichmentService],
})
export class EnrichmentModule {}
