import { IsString, MaxLength, MinLength } from 'class-validator';
import { Trim } from '../../users/trim.decorator';
import { QueryString } from '../query-string.decorator';

export class CreateSavedViewDto {
  /** Unique among the caller's views. */
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(80)
  name: string;

  /** The leads page's URL query string, e.g. `status=unread&priority=high,urgent&sort=-createdAt` (may be empty). */
  @QueryString()
  @IsString()
  @MaxLength(2000)
  query: string;
}
