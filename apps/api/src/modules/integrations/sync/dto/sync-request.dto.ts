import { IsBoolean } from 'class-validator';
import { OptionalNotNull } from '../../../../common/validation/optional-not-null.decorator';

export class SyncRequestDto {
  /** Read everything again from the beginning instead of from the checkpoint. Records that did not change still write nothing. */
  @OptionalNotNull()
  @IsBoolean()
  full?: boolean;
}
