import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { Trim } from '../../users/trim.decorator';
import { QueryString } from '../query-string.decorator';

export class UpdateSavedViewDto {
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(80)
  name?: string;

  @IsOptional()
  @QueryString()
  @IsString()
  @MaxLength(2000)
  query?: string;
}
