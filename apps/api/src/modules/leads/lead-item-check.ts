import { validateSync } from 'class-validator';
import type { FieldError } from '../../common/problem/problem.exception';
import { flattenValidationErrors } from '../../common/problem/validation.exception';
import { CreateLeadDto } from './dto/create-lead.dto';
import { normaliseLead, type LeadDefaults, type NormalisedLead } from './lead-input';

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

// One lead item of a batch (the bulk API, a webhook body): the checks the single route gets from the
// global pipe, then normalisation; never throws, so a batch can report per item. The item is parsed JSON
// and CreateLeadDto has no @Transform/@Type, so copying its fields onto a DTO instance is what
// plainToInstance would do, and its validators are all synchronous: for a batch of 1,000 this saves most
// of the validation time.
export function checkLeadItem(item: unknown, defaults: LeadDefaults): NormalisedLead | FieldError[] {
  if (!isPlainObject(item)) return [{ field: '', message: 'each lead must be an object' }];
  const dto = Object.assign(new CreateLeadDto(), item);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) return flattenValidationErrors(errors);
  const normalised = normaliseLead(dto, defaults);
  return 'errors' in normalised ? normalised.errors : normalised.lead;
}
