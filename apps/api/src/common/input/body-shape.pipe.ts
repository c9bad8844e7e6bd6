import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { InvalidBodyException } from './invalid-body.exception';

const PRIMITIVES: unknown[] = [String, Number, Boolean, Array, Object];

// Runs before validation on every @Body() typed by a DTO class: the body must be one JSON object. `null`,
// an array or a bare value is refused (ValidationPipe would read null as {} and a PATCH would succeed doing
// nothing). No body at all is left to validation, which names the required fields.
@Injectable()
export class BodyShapePipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body' || metadata.data !== undefined || !metadata.metatype || PRIMITIVES.includes(metadata.metatype)) return value;
    if (value === undefined) return value;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidBodyException();
    return value;
  }
}
