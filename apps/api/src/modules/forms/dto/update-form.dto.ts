import { PartialType } from '@nestjs/swagger';
import { CreateFormDto } from './create-form.dto';

// Changes only the fields sent; lists are replaced whole.
export class UpdateFormDto extends PartialType(CreateFormDto) {}
