/** The extension activates on Dockerfiles, whatever the file is called. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, openFixture, waitFor } from './helpers';

suite('activation', () => {
  for (const name of ['Dockerfile', 'Containerfile', 'Dockerfile.dev']) {
    test(`${name} opens with the dockerfile language`, async () => {
      const document = await openFixture(name);
      assert.equal(document.languageId, 'dockerfile');
    });
  }

  test('the extension is active once a Dockerfile is open', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is loaded from the development path`);
    await openFixture('Dockerfile');
    await waitFor('activation', () => (extension.isActive ? true : undefined));
    assert.equal(extension.isActive, true);
    assert.ok(extension.packageJSON.activationEvents.includes('onLanguage:dockerfile'));
  });

  test('the Stagecraft commands are registered', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('stagecraft.restartServer'), 'stagecraft.restartServer is registered');
  });
});
