/** Document symbols grouped by stage: each stage a symbol, its instructions as children. */
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import type { Instruction } from '../model/scanner';
import { toRange, type DockerfileAnalysis } from '../analysis/documentAnalysis';

const MAX_DETAIL = 60;

function instructionDetail(instruction: Instruction): string {
  const text = instruction.words.map((word) => word.raw).join(' ');
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL - 1)}…` : text;
}

export function documentSymbols(analysis: DockerfileAnalysis): DocumentSymbol[] {
  const { document, model } = analysis;
  const symbols: DocumentSymbol[] = [];
  for (const arg of model.globalArgs) {
    const range = toRange(document, arg.span);
    symbols.push({ name: arg.name || 'ARG', detail: arg.defaultValue !== undefined ? `= ${arg.defaultValue}` : 'global ARG', kind: SymbolKind.Variable, range, selectionRange: range });
  }
  for (const stage of model.stages) {
    const range = toRange(document, stage.span);
    const selectionRange = toRange(document, stage.nameSpan ?? stage.from.keywordSpan);
    const children: DocumentSymbol[] = stage.instructions.slice(1).map((instruction) => {
      const instructionRange = toRange(document, instruction.span);
      return {
        name: instruction.keyword,
        detail: instructionDetail(instruction),
        kind: instruction.keyword === 'ARG' || instruction.keyword === 'ENV' ? SymbolKind.Variable : SymbolKind.Field,
        range: instructionRange,
        selectionRange: toRange(document, instruction.keywordSpan),
      };
    });
    symbols.push({
      name: stage.name ?? `stage ${stage.index}`,
      detail: stage.base ? `FROM ${stage.base}` : 'FROM',
      kind: SymbolKind.Module,
      range,
      selectionRange,
      children,
    });
  }
  return symbols;
}
