import { SuppressionDto } from './suppression.dto';

export class SuppressionListDto {
  /** Newest first. */
  items: SuppressionDto[];
}
