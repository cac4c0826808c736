import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { bundledRunbooksDir } from '../../src-main/api/app-context.js';

const saved = process.env.RUNLOG_BUNDLED_RUNBOOKS;
afterEach(() => {
  if (saved === undefined) delete process.env.RUNLOG_BUNDLED_RUNBOOKS;
  else process.env.RUNLOG_BUNDLED_RUNBOOKS = saved;
});

describe('the bundled runbooks folder', () => {
  it("is the project's runbooks/ folder", () => {
    delete process.env.RUNLOG_BUNDLED_RUNBOOKS;
    expect(bundledRunbooksDir()).toBe(join(import.meta.dirname, '..', '..', 'runbooks'));
  });

  it('may be pointed elsewhere from source, for tests (the build ignores it: test/electron/build-output)', () => {
    process.env.RUNLOG_BUNDLED_RUNBOOKS = '/tmp/some-fixture-runbooks';
    expect(bundledRunbooksDir()).toBe('/tmp/some-fixture-runbooks');
  });
});
