import { Module } from '@nestjs/common';
import { LeadsModule } from '../leads/leads.module';
import { FormSubmissionService } from './form-submission.service';
import { FormsController } from './forms.controller';
import { FormsRepository } from './forms.repository';
import { FormsService } from './forms.service';
import { PublicFormHttpService } from './public-form-http.service';
import { PublicFormLookup } from './public-form-lookup.service';
import { PublicFormsController } from './public-forms.controller';

// Public intake forms: managed by staff (/forms), posted to by websites (/public/forms/{id}/submissions).
@Module({
  imports: [LeadsModule],
  controllers: [FormsController, PublicFormsController],
  providers: [FormsService, FormsRepository, FormSubmissionService, PublicFormLookup, PublicFormHttpService],
})
export class FormsModule {}
