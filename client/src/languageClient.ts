/**
 * vscode-languageclient, bundled on its own (dist/languageClient.js) and loaded after
 * activation: evaluating it is most of the client's load time, and activation need not wait.
 */
export { LanguageClient, TransportKind } from 'vscode-languageclient/node';
