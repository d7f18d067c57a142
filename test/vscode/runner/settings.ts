/** The user settings of a test VS Code: quiet, offline, nothing between the tests and the editor. */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const DEAD_PROXY = 'http://127.0.0.1:9';

export function writeUserSettings(userDataDir: string): void {
  const settings = {
    'workbench.startupEditor': 'none',
    'chat.disableAIFeatures': true,
    'telemetry.telemetryLevel': 'off',
    'workbench.tips.enabled': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'editor.hover.delay': 100,
    'security.workspace.trust.enabled': false,
    'http.proxy': DEAD_PROXY, // loopback only: other hosts fail at once
    'stagecraft.registry.lookups': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'extensions.ignoreRecommendations': true,
    'git.enabled': false, // the fixture workspace is no repository; git's start-up only costs time
  };
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
}
