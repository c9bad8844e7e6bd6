import { OutboundDeliveryDto } from './outbound-delivery.dto';

export class OutboundDeliveryPageDto {
  data: OutboundDeliveryDto[];
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}
