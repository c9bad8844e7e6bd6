import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { canonicalUuid } from '../db/uuid';
import { InvalidIdException } from './invalid-id.exception';

// For every id in a path (`@Param('id', ParseIdPipe)`): a UUID in any letter case becomes its canonical
// lower-case spelling, so services, caches and budgets only ever see one text per id; anything else is a
// 400 `invalid_id`.
@Injectable()
export class ParseIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    const id = canonicalUuid(value);
    if (id === null) throw new InvalidIdException(metadata.data ?? 'id');
    return id;
  }
}
