import { checkPushConfig, pushConfigOf } from './push-config';

describe('pushConfigOf', () => {
  it('is off unless enabled is exactly true, and triggers on qualified unless told converted', () => {
    expect(pushConfigOf(undefined)).toEqual({ enabled: false, on: 'qualified' });
    expect(pushConfigOf({ push: { enabled: 'true' } })).toEqual({ enabled: false, on: 'qualified' });
    expect(pushConfigOf({ push: { enabled: true, on: 'converted' } })).toEqual({ enabled: true, on: 'converted' });
    expect(pushConfigOf({ push: { enabled: true, on: 'won' } })).toEqual({ enabled: true, on: 'qualified' });
    expect(pushConfigOf({ push: [] })).toEqual({ enabled: false, on: 'qualified' });
  });
});

describe('checkPushConfig', () => {
  it('accepts the documented shape and nothing else', () => {
    expect(checkPushConfig({ push: { enabled: false } }, true)).toEqual([]);
    expect(checkPushConfig({ calendarId: 'primary' }, false)).toEqual([]);
    expect(checkPushConfig({ push: { enabled: true, on: 'converted' } }, true)).toEqual([]);
    expect(checkPushConfig({ push: { enabled: true } }, false)).toEqual([{ field: 'config.push', message: 'this provider takes no pushed leads' }]);
    expect(checkPushConfig({ push: null }, true)).toHaveLength(1);
    expect(checkPushConfig({ push: { enabled: 1, on: 'won', other: true } }, true).map((e) => e.field)).toEqual(['config.push.enabled', 'config.push.on', 'config.push.other']);
  });
});
