import { PartialType } from '@nestjs/swagger';
import { CreateFormDto } from './create-form.dto';

// Changes only the fields sent; lists are replaced whole.
// `null` is validated like any value (and so refused): no field of a form has an empty state.
export class UpdateFormDto extends PartialType(CreateFormDto, { skipNullProperties: false }) {}
