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
    const rawValue = equals < 0 ? undefined : word.raw.slice(equals + 1);
    flags.push({
      name,
      value: rawValue === undefined ? undefined : unquote(rawValue),
      word,
      span: instruction.line.span(word.start, word.end),
      valueSpan: instruction.line.span(valueStart, word.end),
      valueStart,
    });
  }
  return { flags, rest: words.slice(i) };
}

export function unquote(value: string): string {
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value[value.length - 1] === value[0]) {
    return value.slice(1, -1);
  }
  return value;
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
    const field = raw.slice(position, end);
    const equals = field.indexOf('=');
    const key = (equals < 0 ? field : field.slice(0, equals)).trim().toLowerCase();
    if (key) {
      const valueOffset = equals < 0 ? field.length : equals + 1;
      const rawValue = equals < 0 ? '' : field.slice(equals + 1);
      const quoted = rawValue.length >= 2 && (rawValue[0] === '"' || rawValue[0] === "'") && rawValue.endsWith(rawValue[0]);
      fields.push({
        key,
        value: quoted ? rawValue.slice(1, -1) : rawValue,
        valueStart: rawStart + position + valueOffset + (quoted ? 1 : 0),
        valueEnd: rawStart + end - (quoted ? 1 : 0),
      });
    }
    position = end + 1;
  }
  return fields;
}
