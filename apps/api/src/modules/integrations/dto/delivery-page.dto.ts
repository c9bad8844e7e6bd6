import { DeliveryDto } from './delivery.dto';

export class DeliveryPageDto {
  data: DeliveryDto[];
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}
