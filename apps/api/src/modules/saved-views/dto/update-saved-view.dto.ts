import { IsString, MaxLength, MinLength } from 'class-validator';
import { Trim } from '../../users/trim.decorator';
import { QueryString } from '../query-string.decorator';
import { OptionalNotNull } from '../../../common/validation/optional-not-null.decorator';

export class UpdateSavedViewDto {
  @OptionalNotNull()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(80)
  name?: string;

  @OptionalNotNull()
  @QueryString()
  @IsString()
  @MaxLength(2000)
  query?: string;
}
