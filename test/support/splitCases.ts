/**
 * check(input, expect) cases for "Split into builder stage": a Dockerfile string, an in-memory
 * build context, and what must (and must not) appear in the result, or that it is not offered.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applySpanEdits } from '../../server/src/actions/edits';
import { decideSplit, splitAnnotations } from '../../server/src/actions/splitBuilder';
import { buildStageModel } from '../../server/src/model/stageModel';
import type { ContextFiles } from '../../server/src/workspace/contextFiles';

export function memoryContext(files: Record<string, string>): ContextFiles {
  const clean = (p: string) => p.replace(/^\.\//, '').replace(/^\.$/, '').replace(/\/$/, '');
  return {
    exists: (p) => clean(p) in files || Object.keys(files).some((name) => name.startsWith(`${clean(p)}/`)),
    read: (p) => files[clean(p)],
    list: (dir) => {
      const prefix = clean(dir) ? `${clean(dir)}/` : '';
      const names = new Set<string>();
      for (const name of Object.keys(files)) if (name.startsWith(prefix)) {
        const rest = name.slice(prefix.length);
        names.add(rest.includes('/') ? `${rest.split('/')[0]}/` : rest);
      }
      return [...names];
    },
  };
}

export interface SplitCase {
  name: string;
  dockerfile: string;
  files?: Record<string, string>;
  refused?: RegExp;
  has?: RegExp[];
  lacks?: RegExp[];
  /** Assumption labels that must be shown. */
  labels?: RegExp[];
  /** Assumption labels that must be on an edit of the result (what VS Code's refactor preview lists). */
  shown?: RegExp[];
  /** The title must say the result needs a manual fix (a TODO), or must not. */
  flagged?: boolean;
}

export function checkSplitCases(title: string, cases: readonly SplitCase[]): void {
  describe(title, () => {
    for (const testCase of cases) {
      it(testCase.name, () => {
        const model = buildStageModel(testCase.dockerfile);
        const decision = decideSplit(model, 0, memoryContext(testCase.files ?? {}));
        assert.ok(decision, 'a candidate');
        if (testCase.refused) {
          assert.ok('refused' in decision, `refused (got a split)`);
          assert.match(decision.refused, testCase.refused);
          return;
        }
        assert.ok('result' in decision, `offered (refused: ${'refused' in decision ? decision.refused : ''})`);
        const result = applySpanEdits(testCase.dockerfile, [decision.result.edit]);
        assert.equal(applySpanEdits(testCase.dockerfile, decision.result.edits), result, 'labelled edits give the same text');
        for (const pattern of testCase.has ?? []) assert.match(result, pattern);
        for (const pattern of testCase.lacks ?? []) assert.doesNotMatch(result, pattern);
        const labels = Object.values(splitAnnotations(decision.result.plan)).map((annotation) => annotation.label);
        for (const pattern of testCase.labels ?? []) assert.ok(labels.some((label) => pattern.test(label)), `label ${pattern} in ${JSON.stringify(labels)}`);
        const annotations = splitAnnotations(decision.result.plan);
        const onEdits = decision.result.edits.map((edit) => annotations[edit.annotation]?.label ?? '');
        for (const pattern of testCase.shown ?? []) assert.ok(onEdits.some((label) => pattern.test(label)), `label ${pattern} on an edit, in ${JSON.stringify(onEdits)}`);
        // Every assumption reaches VS Code's preview: on an edit, or in the description of the split's own annotation.
        const carried = new Set(decision.result.edits.map((edit) => edit.annotation));
        const preview = splitAnnotations(decision.result.plan, undefined, undefined, carried);
        for (const assumption of decision.result.plan.assumptions) {
          assert.ok(carried.has(assumption.id) || preview.split.description?.includes(assumption.label), `assumption "${assumption.label}" shown in the preview`);
        }
        if (testCase.flagged !== undefined) assert.equal(/TODO\(stagecraft\)/.test(result), testCase.flagged, `flagged: ${testCase.flagged}`);
      });
    }
  });
}
