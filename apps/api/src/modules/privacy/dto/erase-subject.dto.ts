import { IsString, MaxLength } from 'class-validator';
import { SubjectQueryDto } from './subject-query.dto';

export class EraseSubjectDto extends SubjectQueryDto {
  /** The email (or, without one, the phone) typed again, exactly as given above: erasure cannot be undone. */
  @IsString()
  @MaxLength(320)
  confirm: string;
}
