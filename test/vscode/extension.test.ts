/**
 * The extension tests in a real VS Code, as part of `npm test`: one extension-host run
 * (test/vscode/runTests.ts), each mocha test reported as a subtest here.
 * In CI a missing code-server or Chromium fails; elsewhere it is a loud skip.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatRun, missingToolsReason, runExtensionTests, ToolsMissingError, UI_SCREENSHOT } from './runTests';
import { INSTALL_HINT } from './runner/paths';

const inCi = process.env.CI === 'true';

test('extension tests in a real VS Code', { timeout: 300_000 }, async (t) => {
  const missing = missingToolsReason();
  if (missing) {
    if (inCi) assert.fail(`CI needs a real VS Code for the extension tests: ${missing}`);
    t.skip(`SKIPPED: ${missing.includes(INSTALL_HINT) ? missing : `${missing}; ${INSTALL_HINT}`}`);
    return;
  }
  let run;
  try {
    run = await runExtensionTests({ log: (line) => t.diagnostic(line) });
  } catch (error) {
    if (error instanceof ToolsMissingError && !inCi) {
      t.skip(`SKIPPED: ${error.message}; ${INSTALL_HINT}`);
      return;
    }
    throw error;
  }
  t.diagnostic(formatRun(run));
  assert.equal(run.report.fatal, undefined, run.report.fatal);

  for (const result of run.report.tests) {
    await t.test(result.title, (subtest) => {
      if (result.state === 'pending') {
        // Only the UI handshake may be skipped, and only where no browser drives VS Code.
        assert.ok(run.backend === 'test-electron' && /workbench UI/.test(result.title), `${result.title} was skipped`);
        subtest.skip(`SKIPPED: no browser under ${run.backend}`);
        return;
      }
      assert.equal(result.state, 'passed', result.error);
    });
  }
  assert.ok(run.report.tests.length >= 12, `all suites ran (${run.report.tests.length} tests)`);
  assert.equal(run.exitCode, 0, 'VS Code reports success');
  if (run.backend === 'code-server') {
    assert.ok(run.ui?.ok, `UI check: ${run.ui?.detail ?? 'never ran'}`);
    t.diagnostic(`screenshot: ${UI_SCREENSHOT}`);
  }
});
