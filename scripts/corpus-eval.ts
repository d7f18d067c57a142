/**
 * Runs the real service (the code behind `stagecraft check` and the editor's code actions) over the
 * real-world Dockerfile corpus indexed in test/corpus/index.tsv, and measures it against the
 * reviewed verdicts (test/corpus/verdicts.tsv) and split grades (test/corpus/split-grades.tsv).
 *
 *   node --import tsx scripts/corpus-eval.ts [--set multi|single|heldout|all] [--corpus ~/corpus]
 *        [--scan repo|folder] [--no-split] [--list-unreviewed]
 *
 * The Dockerfiles are not in the repository (see docs/corpus.md): they are read from the corpus
 * folder, laid out as <owner>__<repo>/<path>. Findings go to <corpus>/out/findings-<date>.tsv,
 * split results to <corpus>/out/split/.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver-types';
import { DEFAULT_SETTINGS, StagecraftService, type ServiceSettings } from '../server/src/service/stagecraftService';
import { directoryContext } from '../server/src/workspace/contextFiles';
import { scanWorkspace, type WorkspaceIndex } from '../server/src/workspace/scanTargets';
import { settingsForDockerfile } from '../server/src/service/buildPlatforms';

const REPO_ROOT = path.join(__dirname, '..');
const CORPUS_INDEX = path.join(REPO_ROOT, 'test', 'corpus', 'index.tsv');
const VERDICTS = path.join(REPO_ROOT, 'test', 'corpus', 'verdicts.tsv');
/** The sets the split is graded on, each with its own grades: `single` (the files it was tuned on), `heldout` (files first graded before any change made for them). */
const SPLIT_GRADES: Record<string, string> = {
  single: path.join(REPO_ROOT, 'test', 'corpus', 'split-grades.tsv'),
  heldout: path.join(REPO_ROOT, 'test', 'corpus', 'heldout-grades.tsv'),
};
const SPLIT_TITLE = 'Split into builder stage';
const SLOW_FILE_MS = 1000;

interface IndexRow { set: string; repo: string; path: string; commit: string; localFile: string }
interface Finding { localFile: string; line: number; column: number; code: string; severity: string; message: string }
type Verdict = { verdict: 'true' | 'false'; reason: string };

const SEVERITY: Record<number, string> = { [DiagnosticSeverity.Error]: 'error', [DiagnosticSeverity.Warning]: 'warning', [DiagnosticSeverity.Information]: 'info', [DiagnosticSeverity.Hint]: 'hint' };

function parseArgs(argv: string[]): { set: string; corpus: string; scan: 'repo' | 'folder'; split: boolean; listUnreviewed: boolean } {
  const options = { set: 'all', corpus: path.join(os.homedir(), 'corpus'), scan: 'repo' as 'repo' | 'folder', split: true, listUnreviewed: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--set') options.set = argv[++i];
    else if (arg === '--corpus') options.corpus = argv[++i].replace(/^~(?=\/|$)/, os.homedir());
    else if (arg === '--scan') options.scan = argv[++i] === 'folder' ? 'folder' : 'repo';
    else if (arg === '--no-split') options.split = false;
    else if (arg === '--list-unreviewed') options.listUnreviewed = true;
    else throw new Error(`unknown argument ${arg}`);
  }
  if (!['multi', ...Object.keys(SPLIT_GRADES), 'all'].includes(options.set)) throw new Error(`--set takes multi, ${Object.keys(SPLIT_GRADES).join(', ')} or all`);
  return options;
}

/** Rows of a tab-separated file with a header line; '#' lines are comments. */
function readTsv(file: string): Record<string, string>[] {
  if (!fs.existsSync(file)) return [];
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/).filter((line) => line.trim() !== '' && !line.startsWith('#'));
  const header = lines.shift()?.split('\t') ?? [];
  return lines.map((line) => {
    const cells = line.split('\t');
    return Object.fromEntries(header.map((name, i) => [name, cells[i] ?? '']));
  });
}

function readIndex(): IndexRow[] {
  return readTsv(CORPUS_INDEX).map((row) => ({ set: row.set, repo: row.repo, path: row.path, commit: row.commit, localFile: row.local_file }));
}

/** file + line + code: the key a verdict is filed under (the corpus files are pinned to a commit, so lines are stable). */
const keyOf = (localFile: string, line: number | string, code: string): string => `${localFile}\t${line}\t${code}`;

function readVerdicts(): Map<string, Verdict> {
  const verdicts = new Map<string, Verdict>();
  for (const row of readTsv(VERDICTS)) {
    if (row.verdict !== 'true' && row.verdict !== 'false') continue;
    verdicts.set(keyOf(row.local_file, row.line, row.code), { verdict: row.verdict, reason: row.reason });
  }
  return verdicts;
}

function codeOf(diagnostic: Diagnostic): string {
  const code = diagnostic.code === undefined ? '-' : String(diagnostic.code);
  return diagnostic.source === 'stagecraft' ? code : `${diagnostic.source ?? 'other'}(${code})`;
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();
const percent = (part: number, whole: number): string => (whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)}%`);

function table(header: string[], rows: (string | number)[][]): string {
  const widths = header.map((name, i) => Math.max(name.length, ...rows.map((row) => String(row[i]).length)));
  const format = (cells: (string | number)[]): string => cells.map((cell, i) => String(cell).padEnd(widths[i])).join('  ').trimEnd();
  return [format(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(format)].join('\n');
}

/** The repository folder of a corpus file (<owner>__<repo>), the workspace an editor would have open. */
function workspaceOf(corpus: string, localFile: string): string {
  return path.join(corpus, localFile.split('/')[0]);
}

async function checkCorpus(service: StagecraftService, rows: IndexRow[], corpus: string, scan: 'repo' | 'folder'): Promise<{ findings: Finding[]; missing: string[]; slow: string[]; settingsByFile: Map<string, ServiceSettings> }> {
  const findings: Finding[] = [];
  const settingsByFile = new Map<string, ServiceSettings>();
  const missing: string[] = [];
  const slow: string[] = [];
  const indexByRoot = new Map<string, WorkspaceIndex>();
  for (const row of rows) {
    const file = path.join(corpus, row.localFile);
    if (!fs.existsSync(file)) {
      missing.push(row.localFile);
      continue;
    }
    const root = scan === 'repo' ? workspaceOf(corpus, row.localFile) : path.dirname(file);
    if (!indexByRoot.has(root)) indexByRoot.set(root, await scanWorkspace(root));
    const index = indexByRoot.get(root) as WorkspaceIndex;
    const document = TextDocument.create(pathToFileURL(file).href, 'dockerfile', 1, fs.readFileSync(file, 'utf8'));
    const started = performance.now();
    // As the editor judges it: the default platforms plus those the repository's bake/compose builds of it name.
    const settings = settingsForDockerfile(DEFAULT_SETTINGS, index.builds, file);
    settingsByFile.set(row.localFile, settings);
    const diagnostics = service.diagnostics(document, settings, index.mentions);
    const elapsed = performance.now() - started;
    if (elapsed > SLOW_FILE_MS) slow.push(`${row.localFile} (${Math.round(elapsed)} ms)`);
    for (const diagnostic of diagnostics) {
      findings.push({
        localFile: row.localFile,
        line: diagnostic.range.start.line + 1,
        column: diagnostic.range.start.character + 1,
        code: codeOf(diagnostic),
        severity: SEVERITY[diagnostic.severity ?? DiagnosticSeverity.Error],
        message: oneLine(typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value),
      });
    }
  }
  findings.sort((a, b) => a.localFile.localeCompare(b.localFile) || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code));
  return { findings, missing, slow, settingsByFile };
}

function reportFindings(findings: Finding[], verdicts: Map<string, Verdict>, listUnreviewed: boolean, checkedFiles: ReadonlySet<string>): void {
  const bySeverity = ['error', 'warning', 'info', 'hint'];
  const codes = [...new Set(findings.map((f) => f.code))].sort();
  console.log('\nFindings per code and severity');
  console.log(table(['code', ...bySeverity, 'reviewed', 'true', 'false'], codes.map((code) => {
    const own = findings.filter((f) => f.code === code);
    const reviewed = own.map((f) => verdicts.get(keyOf(f.localFile, f.line, f.code))).filter((v): v is Verdict => v !== undefined);
    return [code, ...bySeverity.map((s) => own.filter((f) => f.severity === s).length), reviewed.length, reviewed.filter((v) => v.verdict === 'true').length, reviewed.filter((v) => v.verdict === 'false').length];
  })));

  const judged = (subset: Finding[]): { reviewed: number; isTrue: number; isFalse: number; unreviewed: Finding[] } => {
    let isTrue = 0;
    let isFalse = 0;
    const unreviewed: Finding[] = [];
    for (const finding of subset) {
      const verdict = verdicts.get(keyOf(finding.localFile, finding.line, finding.code));
      if (!verdict) unreviewed.push(finding);
      else if (verdict.verdict === 'true') isTrue++;
      else isFalse++;
    }
    return { reviewed: isTrue + isFalse, isTrue, isFalse, unreviewed };
  };
  const loud = findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
  const quiet = findings.filter((f) => f.severity === 'hint' || f.severity === 'info');
  const loudJudged = judged(loud);
  const quietJudged = judged(quiet);
  console.log('\nPrecision (on the reviewed findings)');
  console.log(table(['findings', 'total', 'reviewed', 'true', 'false', 'measure', 'not reviewed'], [
    ['errors + warnings', loud.length, loudJudged.reviewed, loudJudged.isTrue, loudJudged.isFalse, `${percent(loudJudged.isTrue, loudJudged.reviewed)} true`, loudJudged.unreviewed.length],
    ['hints + info', quiet.length, quietJudged.reviewed, quietJudged.isTrue, quietJudged.isFalse, `${percent(quietJudged.isFalse, quietJudged.reviewed)} wrong`, quietJudged.unreviewed.length],
  ]));
  const perCode = [...new Set(findings.map((f) => f.code))].sort().map((code) => {
    const j = judged(findings.filter((f) => f.code === code));
    return [code, j.reviewed, j.isTrue, j.isFalse, percent(j.isTrue, j.reviewed)];
  }).filter((row) => Number(row[1]) > 0);
  console.log('\nPrecision per code (reviewed findings)');
  console.log(table(['code', 'reviewed', 'true', 'false', 'true %'], perCode));

  const found = new Set(findings.map((f) => keyOf(f.localFile, f.line, f.code)));
  const stale = [...verdicts.keys()].filter((key) => checkedFiles.has(key.split('\t')[0]) && !found.has(key));
  if (stale.length > 0) {
    const wasFalse = stale.filter((key) => verdicts.get(key)?.verdict === 'false').length;
    console.log(`\n${stale.length} verdict(s) match no finding today (the finding went away or moved; ${wasFalse} of them were false, ${stale.length - wasFalse} true): e.g. ${stale.slice(0, 5).map((k) => k.replace(/\t/g, ':')).join(', ')}`);
  }
  if (listUnreviewed) {
    console.log('\nErrors and warnings not reviewed:');
    for (const f of loudJudged.unreviewed) console.log(`  ${f.localFile}:${f.line} ${f.severity} ${f.code}: ${f.message}`);
  }
}

/** A short digest of a split result, recorded with its grade so that a changed result asks to be graded again. */
function resultDigest(result: string | undefined): string {
  return result === undefined ? '-' : createHash('sha256').update(result).digest('hex').slice(0, 12);
}

/** The split refactor as the editor offers it: the code actions at the final FROM, with the service's own diagnostics there. */
function splitOf(service: StagecraftService, file: string, settings: ServiceSettings): { offered: boolean; title?: string; result?: string; note?: string } {
  const text = fs.readFileSync(file, 'utf8');
  const document = TextDocument.create(pathToFileURL(file).href, 'dockerfile', 1, text);
  const stages = service.analyze(document).model.stages;
  if (stages.length !== 1) return { offered: false, note: `${stages.length} stages` };
  const at = document.positionAt(stages[0].from.span.start);
  const range = { start: at, end: at };
  const diagnostics = service.diagnostics(document, settings).filter((d) => d.range.start.line <= at.line && d.range.end.line >= at.line);
  // As the editor takes it: the context the repository's builds of this Dockerfile agree on, else the Dockerfile's folder.
  const context = settings.buildContext ? { ...directoryContext(settings.buildContext.folder), origin: settings.buildContext.description } : directoryContext(path.dirname(file));
  const actions: CodeAction[] = service.codeActions(document, range, diagnostics, settings, undefined, context);
  const split = actions.find((action) => action.kind === 'quickfix' && action.title.includes(SPLIT_TITLE)) ?? actions.find((action) => action.title.includes(SPLIT_TITLE));
  if (!split) return { offered: false };
  const edits: TextEdit[] = split.edit?.changes?.[document.uri] ?? (split.edit?.documentChanges ?? []).flatMap((change) => ('edits' in change && change.textDocument.uri === document.uri ? change.edits.map((edit) => ({ range: edit.range, newText: 'newText' in edit ? edit.newText : edit.snippet.value })) : []));
  if (edits.length === 0) return { offered: true, title: split.title, note: 'no edit' };
  return { offered: true, title: split.title, result: TextDocument.applyEdits(document, edits) };
}

function runSplits(service: StagecraftService, set: string, rows: IndexRow[], corpus: string, settingsByFile: ReadonlyMap<string, ServiceSettings>): void {
  const outDir = path.join(corpus, 'out', 'split');
  fs.mkdirSync(outDir, { recursive: true });
  const gradesFile = SPLIT_GRADES[set];
  const grades = new Map(readTsv(gradesFile).map((row) => [row.local_file, row]));
  const rowsOut: (string | number)[][] = [];
  const changed: string[] = [];
  for (const row of rows) {
    const file = path.join(corpus, row.localFile);
    if (!fs.existsSync(file)) continue;
    // The settings the editor would use (the workspace's builds of this Dockerfile: platforms, build context).
    const outcome = splitOf(service, file, settingsByFile.get(row.localFile) ?? DEFAULT_SETTINGS);
    const base = row.localFile.replace(/\//g, '__');
    fs.copyFileSync(file, path.join(outDir, `${base}.original`));
    const resultFile = path.join(outDir, `${base}.split`);
    if (outcome.result !== undefined) fs.writeFileSync(resultFile, outcome.result);
    else fs.rmSync(resultFile, { force: true });
    const graded = grades.get(row.localFile);
    const digest = resultDigest(outcome.result);
    if (graded?.result && graded.result !== digest) changed.push(row.localFile);
    rowsOut.push([row.localFile, outcome.offered ? 'offered' : 'not offered', outcome.title ?? outcome.note ?? '', graded?.grade ?? '(ungraded)', digest]);
  }
  console.log(`\nSplit into builder stage on the ${set} set (results in ${outDir})`);
  console.log(table(['file', 'today', 'title', 'grade', 'result'], rowsOut));
  const order = ['right', 'flagged', 'silently-wrong', 'not-offered'];
  const counts = new Map<string, number>();
  for (const r of rowsOut) counts.set(String(r[3]), (counts.get(String(r[3])) ?? 0) + 1);
  const graded = rowsOut.filter((r) => order.includes(String(r[3]))).length;
  // A `before` column keeps the grade a file had before the changes made after grading it (the held-out figure).
  const before = new Map<string, number>();
  for (const row of rows) {
    const grade = grades.get(row.localFile)?.before;
    if (grade) before.set(grade, (before.get(grade) ?? 0) + 1);
  }
  console.log(`\nSplit grades (${path.relative(REPO_ROOT, gradesFile)})`);
  console.log(table(['grade', 'files', 'share of graded', ...(before.size > 0 ? ['before'] : [])], [...order, '(ungraded)'].map((grade) => [grade, counts.get(grade) ?? 0, grade === '(ungraded)' ? '' : percent(counts.get(grade) ?? 0, graded), ...(before.size > 0 ? [before.get(grade) ?? 0] : [])])));
  const offered = ['right', 'flagged', 'silently-wrong'].reduce((sum, grade) => sum + (counts.get(grade) ?? 0), 0);
  if (offered > 0) console.log(`of the ${offered} graded results offered: ${['right', 'flagged', 'silently-wrong'].map((grade) => `${grade} ${percent(counts.get(grade) ?? 0, offered)}`).join(', ')}`);
  const stale = rowsOut.filter((r) => (r[1] === 'offered') !== (r[3] !== 'not-offered') && order.includes(String(r[3])));
  if (changed.length > 0) console.log(`${changed.length} result(s) differ from the one graded (the 'result' digest in ${path.basename(gradesFile)}): re-grade ${changed.join(', ')}`);
  if (stale.length > 0) console.log(`${stale.length} grade(s) disagree with today's offer (re-grade them): ${stale.map((r) => r[0]).join(', ')}`);
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const rows = readIndex().filter((row) => options.set === 'all' || row.set === options.set);
  if (rows.length === 0) throw new Error(`no indexed files for set ${options.set} in ${CORPUS_INDEX}`);
  const service = new StagecraftService({ log: () => undefined });
  const started = performance.now();
  const { findings, missing, slow, settingsByFile } = await checkCorpus(service, rows, options.corpus, options.scan);
  const checked = rows.length - missing.length;
  console.log(`${checked} of ${rows.length} indexed files checked (set ${options.set}, corpus ${options.corpus}, targets scanned per ${options.scan}) in ${Math.round(performance.now() - started)} ms`);
  if (missing.length > 0) console.log(`${missing.length} file(s) missing from the corpus folder (see docs/corpus.md), e.g. ${missing.slice(0, 3).join(', ')}`);
  if (slow.length > 0) console.log(`slow files (> ${SLOW_FILE_MS} ms): ${slow.join(', ')}`);

  const outDir = path.join(options.corpus, 'out');
  fs.mkdirSync(outDir, { recursive: true });
  const outFile = path.join(outDir, `findings-${new Date().toISOString().slice(0, 10)}${options.set === 'all' ? '' : `-${options.set}`}.tsv`);
  const verdicts = readVerdicts();
  fs.writeFileSync(outFile, ['file\tline\tcode\tseverity\tmessage\tverdict\treason', ...findings.map((f) => {
    const verdict = verdicts.get(keyOf(f.localFile, f.line, f.code));
    return [f.localFile, f.line, f.code, f.severity, f.message, verdict?.verdict ?? '', verdict?.reason ?? ''].join('\t');
  })].join('\n') + '\n');
  console.log(`${findings.length} findings written to ${outFile}`);
  reportFindings(findings, verdicts, options.listUnreviewed, new Set(rows.map((row) => row.localFile)));

  if (options.split) {
    for (const set of Object.keys(SPLIT_GRADES)) {
      if (options.set === set || (options.set === 'all' && rows.some((row) => row.set === set))) runSplits(service, set, rows.filter((row) => row.set === set), options.corpus, settingsByFile);
    }
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
