/**
 * The dependency graph between stages: a stage depends on its parent stage (`FROM <stage>`,
 * for any platform of the model), on every stage it copies or mounts from, and on the stages the
 * ONBUILD COPY triggers of its parent copy from. BuildKit builds only what the target
 * (by default the last stage) reaches.
 */
import type { StageModel, StageReference } from './stageModel';

export interface StageGraph {
  /** dependencies[i]: the stages stage i needs, each once, in reference order. */
  dependencies: number[][];
  /** The stages each stage is needed by. */
  dependents: number[][];
}

/** True when the reference makes its stage depend on `target` (valid or not). */
function isDependency(reference: StageReference): reference is StageReference & { target: number } {
  if (reference.target === undefined) return false;
  // `FROM x` naming the current or a later stage pulls an image instead.
  if (reference.kind === 'from') return reference.target < reference.inStage;
  return reference.resolution === 'stage' || reference.resolution === 'index';
}

export function buildStageGraph(model: StageModel): StageGraph {
  const count = model.stages.length;
  const dependencies: number[][] = Array.from({ length: count }, () => []);
  const dependents: number[][] = Array.from({ length: count }, () => []);
  const add = (from: number, to: number) => {
    if (dependencies[from].includes(to)) return;
    dependencies[from].push(to);
    dependents[to].push(from);
  };
  for (const reference of model.references) {
    if (isDependency(reference)) add(reference.inStage, reference.target);
  }
  // `FROM base-${TARGETARCH}`: the stage builds on a different stage per platform; it needs them all.
  for (const stage of model.stages) for (const parent of stage.parentStages) add(stage.index, parent);
  // `ONBUILD COPY --from=x` in stage p runs in every stage built FROM p.
  for (const trigger of model.onbuildReferences) {
    if (trigger.target === undefined) continue;
    for (const child of model.stages) if (child.parentStages.includes(trigger.declaredIn)) add(child.index, trigger.target);
  }
  return { dependencies, dependents };
}

/** The stages BuildKit builds for `target` (default: the last stage). */
export function reachableStages(graph: StageGraph, target: number): Set<number> {
  const seen = new Set<number>();
  if (target < 0 || target >= graph.dependencies.length) return seen;
  const stack = [target];
  while (stack.length > 0) {
    const current = stack.pop() as number;
    if (seen.has(current)) continue;
    seen.add(current);
    for (const dependency of graph.dependencies[current]) if (!seen.has(dependency)) stack.push(dependency);
  }
  return seen;
}

/**
 * Stages on a dependency cycle (a stage that copies from itself included), mapped to an id of
 * their cycle; found with Tarjan's strongly connected components, iteratively so that a
 * 10,000-stage file cannot overflow the stack.
 */
export function stageCycles(graph: StageGraph): Map<number, number> {
  const count = graph.dependencies.length;
  const indexOf = new Int32Array(count).fill(-1);
  const lowLink = new Int32Array(count);
  const onStack = new Uint8Array(count);
  const stack: number[] = [];
  const result = new Map<number, number>();
  let cycleId = 0;
  let nextIndex = 0;
  for (let root = 0; root < count; root++) {
    if (indexOf[root] !== -1) continue;
    const work: { node: number; edge: number }[] = [{ node: root, edge: 0 }];
    indexOf[root] = lowLink[root] = nextIndex++;
    stack.push(root);
    onStack[root] = 1;
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const edges = graph.dependencies[frame.node];
      if (frame.edge < edges.length) {
        const next = edges[frame.edge++];
        if (indexOf[next] === -1) {
          indexOf[next] = lowLink[next] = nextIndex++;
          stack.push(next);
          onStack[next] = 1;
          work.push({ node: next, edge: 0 });
        } else if (onStack[next]) {
          lowLink[frame.node] = Math.min(lowLink[frame.node], indexOf[next]);
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        lowLink[parent] = Math.min(lowLink[parent], lowLink[frame.node]);
      }
      if (lowLink[frame.node] === indexOf[frame.node]) {
        const component: number[] = [];
        let member: number;
        do {
          member = stack.pop() as number;
          onStack[member] = 0;
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = component.length === 1 && graph.dependencies[member].includes(member);
        if (component.length > 1 || selfLoop) {
          for (const stage of component) result.set(stage, cycleId);
          cycleId++;
        }
      }
    }
  }
  return result;
}
