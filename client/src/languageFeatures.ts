/** Which language features Stagecraft offers (`stagecraft.languageFeatures`); no VS Code API in here. */

/** Extensions that run a Dockerfile language server of their own. */
export const DOCKER_EXTENSIONS = ['ms-azuretools.vscode-docker', 'ms-azuretools.vscode-containers', 'docker.docker'];

export type LanguageFeaturesSetting = 'auto' | 'all' | 'stagesOnly';

/** `auto` gives way to the Docker extensions: then only the multi-stage features are ours. */
export function resolveLanguageFeatures(setting: LanguageFeaturesSetting | string | undefined, installed: (id: string) => boolean): 'all' | 'stagesOnly' {
  if (setting === 'all' || setting === 'stagesOnly') return setting;
  return DOCKER_EXTENSIONS.some(installed) ? 'stagesOnly' : 'all';
}
