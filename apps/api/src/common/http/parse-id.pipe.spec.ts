import { ParseIdPipe } from './parse-id.pipe';
import { InvalidIdException } from './invalid-id.exception';

describe('ParseIdPipe', () => {
  const pipe = new ParseIdPipe();
  const id = '0f8fad5b-d9cb-469f-a165-70867728950e';

  it('gives every spelling of a UUID its one lower-case form', () => {
    expect(pipe.transform(id.toUpperCase(), { type: 'param', data: 'id' })).toBe(id);
    expect(pipe.transform('0F8fAd5B-d9cb-469F-a165-70867728950E', { type: 'param', data: 'id' })).toBe(id);
  });

  it('refuses anything else with invalid_id naming the parameter', () => {
    for (const value of ['not-a-uuid', `${id}x`, ` ${id}`, '', undefined]) {
      expect(() => pipe.transform(value, { type: 'param', data: 'formId' })).toThrow(InvalidIdException);
    }
    const thrown = (() => {
      try {
        return pipe.transform('nope', { type: 'param', data: 'formId' });
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toMatchObject({ code: 'invalid_id', problem: { errors: [{ field: 'formId', message: 'formId must be a UUID' }] } });
  });
});
