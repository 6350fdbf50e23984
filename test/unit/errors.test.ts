import { describe, expect, it } from 'vitest';
import { StoreUnavailableError, UserInputError } from '../../services/lib/errors.js';
import { errorFromStatus, reasonsFromBody } from '../../services/platform/smbcrm/errors.js';
import { describeError } from '../../services/presentation/views/error-text.js';

describe('errorFromStatus', () => {
  it.each([
    [401, { statusCode: 401, message: 'Invalid JWT' }, 'unauthorized'],
    [403, {}, 'forbidden'],
    [404, {}, 'not_found'],
    [400, { statusCode: 400, message: 'Contact not found' }, 'not_found'],
    [400, { statusCode: 400, message: 'Bad Request' }, 'invalid'],
    [422, { statusCode: 422, message: ['a', 'b'] }, 'invalid'],
    [429, {}, 'rate_limited'],
    [503, {}, 'server'],
  ])('%i %j → %s', (status, body, kind) => {
    expect(errorFromStatus(status, body, 'op').kind).toBe(kind);
  });

  it('reads message as a string or an array', () => {
    expect(reasonsFromBody({ message: 'x' })).toEqual(['x']);
    expect(reasonsFromBody({ message: ['x', 'y'] })).toEqual(['x', 'y']);
    expect(reasonsFromBody('nope')).toEqual([]);
  });
});

describe('describeError', () => {
  it('tells a missing scope apart from a bad token (both are 401)', () => {
    const scope = describeError(
      errorFromStatus(401, { message: 'The token is not authorized for this scope.' }, 'op'),
    );
    const token = describeError(errorFromStatus(401, { message: 'Invalid Private Integration token' }, 'op'));
    expect(scope.text).toContain('add the missing scope');
    expect(token.text).toContain('check `SMBCRM_TOKEN`');
    expect(scope.operatorFix && token.operatorFix).toBe(true);
  });

  it('shows a person their own input problem as it is', () => {
    expect(describeError(new UserInputError('Too long.'))).toEqual({ text: 'Too long.', operatorFix: false });
  });

  it('names Redis and REDIS_URL when the store is down', () => {
    expect(describeError(new StoreUnavailableError('down')).text).toContain('`REDIS_URL`');
  });

  it('escapes what SMBcrm said', () => {
    expect(describeError(errorFromStatus(422, { message: ['<!here>'] }, 'op')).text).toContain(
      '&lt;!here&gt;',
    );
  });

  it('never shows internals of unexpected errors', () => {
    const t = describeError(new Error('ECONNRESET at secret/path.ts:12')).text;
    expect(t).not.toContain('ECONNRESET');
    expect(t).toContain('Try again');
  });
});
