/** Flags (`--name=value`) at the head of an instruction, and the CSV fields of `--mount`. */
import type { Instruction, Span, Word } from './scanner';

export interface Flag {
  /** Lower-cased name without the dashes. */
  name: string;
  /** The value as written (quotes removed), or undefined for a bare `--flag`. */
  value?: string;
  word: Word;
  /** Span of the whole flag word. */
  span: Span;
  /** Span of the value (after `=`), empty at the `=` when the value is empty. */
  valueSpan: Span;
  /** Index in the logical line where the value starts. */
  valueStart: number;
}

export interface ParsedFlags {
  flags: Flag[];
  /** Words after the flags. */
  rest: Word[];
}

export function parseFlags(instruction: Instruction): ParsedFlags {
  const flags: Flag[] = [];
  const words = instruction.words;
  let i = 0;
  for (; i < words.length; i++) {
    const word = words[i];
    if (!word.raw.startsWith('--') || word.raw.length === 2) break;
    const equals = word.raw.indexOf('=');
    const name = (equals < 0 ? word.raw.slice(2) : word.raw.slice(2, equals)).toLowerCase();
    const valueStart = equals < 0 ? word.end : word.start + equals + 1;
    // BuildKit removes quotes anywhere in a flag word (`--from="a"b` is `ab`): the word's value does too.
    const valueEquals = word.value.indexOf('=');
    flags.push({
      name,
      value: equals < 0 || valueEquals < 0 ? undefined : word.value.slice(valueEquals + 1),
      word,
      span: instruction.line.span(word.start, word.end),
      valueSpan: instruction.line.span(valueStart, word.end),
      valueStart,
    });
  }
  return { flags, rest: words.slice(i) };
}

export interface MountField {
  key: string;
  value: string;
  /** Index in the logical line of the value. */
  valueStart: number;
  valueEnd: number;
}

/** Splits a `--mount` value (`type=cache,from=builder,target=/x`) into its fields. */
export function parseMountFields(raw: string, rawStart: number): MountField[] {
  const fields: MountField[] = [];
  let position = 0;
  while (position <= raw.length) {
    let end = position;
    let quote = '';
    while (end < raw.length) {
      const ch = raw[end];
      if (quote) {
        if (ch === quote) quote = '';
      } else if (ch === '"' || ch === "'") {
        quote = ch;
      } else if (ch === ',') {
        break;
      }
      end++;
    }
    let field = raw.slice(position, end);
    let fieldStart = position;
    // A CSV field quoted whole (`"from=builder"`) is read without its quotes.
    if (field.length >= 2 && (field[0] === '"' || field[0] === "'") && field.endsWith(field[0])) {
      field = field.slice(1, -1);
      fieldStart++;
    }
    const equals = field.indexOf('=');
    const key = (equals < 0 ? field : field.slice(0, equals)).trim().toLowerCase();
    if (key) {
      const valueOffset = equals < 0 ? field.length : equals + 1;
      const rawValue = equals < 0 ? '' : field.slice(equals + 1);
      const quoted = rawValue.length >= 2 && (rawValue[0] === '"' || rawValue[0] === "'") && rawValue.endsWith(rawValue[0]);
      fields.push({
        key,
        value: quoted ? rawValue.slice(1, -1) : rawValue,
        valueStart: rawStart + fieldStart + valueOffset + (quoted ? 1 : 0),
        valueEnd: rawStart + fieldStart + field.length - (quoted ? 1 : 0),
      });
    }
    position = end + 1;
  }
  return fields;
}
