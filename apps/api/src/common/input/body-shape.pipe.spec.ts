import type { ArgumentMetadata } from '@nestjs/common';
import { BodyShapePipe } from './body-shape.pipe';
import { InvalidBodyException } from './invalid-body.exception';

class SomeDto {
  name?: string;
}

describe('BodyShapePipe', () => {
  const pipe = new BodyShapePipe();
  const body: ArgumentMetadata = { type: 'body', metatype: SomeDto };

  it('refuses null, arrays and bare values where a DTO is expected', () => {
    for (const value of [null, [], ['a'], 'text', 42, true]) {
      expect(() => pipe.transform(value, body)).toThrow(InvalidBodyException);
    }
  });

  it('passes objects, and leaves a missing body to validation', () => {
    expect(pipe.transform({ name: 'x' }, body)).toEqual({ name: 'x' });
    expect(pipe.transform(undefined, body)).toBeUndefined();
  });

  it('leaves queries, single body fields and untyped bodies alone', () => {
    expect(pipe.transform(null, { type: 'query', metatype: SomeDto })).toBeNull();
    expect(pipe.transform(null, { type: 'body', metatype: SomeDto, data: 'name' })).toBeNull();
    expect(pipe.transform([1], { type: 'body', metatype: Array })).toEqual([1]);
    expect(pipe.transform('x', { type: 'body', metatype: undefined })).toBe('x');
  });
});
