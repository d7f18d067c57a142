// Writes syntaxes/dockerfile.tmLanguage.json: `node syntaxes/generate.mjs` (the grammar test checks it is current).
// The grammar exists twice over, once per escape character (`\` and, after `# escape=\``, the
// backtick), because TextMate rules cannot take the escape character as a parameter: every rule
// that knows about continuations or escapes is generated for both, with a `-bt` key suffix.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const INSTRUCTION_END = '(?=\\n)';
const WORD_END = '(?=[ \\t\\n]|$)';
/** BuildKit's stage name pattern (case-insensitive); anything else after --from= is an image or a variable. */
const STAGE_NAME = '[A-Za-z][A-Za-z0-9_.-]*';
const HEREDOC_DELIMITER = '[A-Za-z_][A-Za-z0-9_.-]*';
const ONBUILD_PREFIX = '^\\s*(?:((?i:ONBUILD))[ \\t]+)?';

/** `begin` of an instruction: optional ONBUILD, then the keyword (case-insensitive). */
function instructionBegin(keywords) {
  return `${ONBUILD_PREFIX}((?i:${keywords}))(?=\\s|$)`;
}

const instructionCaptures = {
  1: { name: 'keyword.control.onbuild.dockerfile' },
  2: { name: 'keyword.other.special-method.dockerfile' },
};

/** The rules for one escape character; `suffix` tells the variants' repository keys apart. */
function rulesFor(escape, suffix) {
  const e = escape === '\\' ? '\\\\' : '`';
  const ref = (name) => ({ include: `#${name}${suffix}` });
  const key = (name) => `${name}${suffix}`;

  /** An instruction region: ends at the end of a line that does not continue. */
  const instruction = (keywords, patterns, name = 'meta.instruction.dockerfile') => ({
    name,
    begin: instructionBegin(keywords),
    beginCaptures: instructionCaptures,
    end: INSTRUCTION_END,
    // Inside a continuation, blank and comment lines are patterns that consume the line end,
    // so they must be tried before the end pattern at the same position.
    applyEndPatternLast: true,
    patterns: [ref('continuation'), ref('continuation-lines'), ...patterns],
  });

  return {
    [key('statements')]: {
      patterns: [
        { include: '#directive' },
        { include: '#comment' },
        ref('from'),
        ref('run'),
        ref('copy'),
        ref('exec-instruction'),
        ref('env-instruction'),
        ref('healthcheck'),
        ref('other-instruction'),
      ],
    },
    [key('continuation')]: {
      // The escape character as the last non-blank character continues the instruction.
      match: `(${e})[ \\t]*\\n`,
      captures: { 1: { name: 'punctuation.separator.continuation.dockerfile' } },
    },
    [key('escaped-char')]: { match: `${e}[^\\s]`, name: 'constant.character.escape.dockerfile' },
    [key('string')]: {
      patterns: [
        {
          name: 'string.quoted.double.dockerfile',
          begin: '"',
          beginCaptures: { 0: { name: 'punctuation.definition.string.begin.dockerfile' } },
          // An unterminated string ends with its line, so a typo cannot colour the rest of the file.
          end: '"|(?=\\n)',
          endCaptures: { 0: { name: 'punctuation.definition.string.end.dockerfile' } },
          patterns: [ref('continuation'), ref('escaped-char'), { include: '#variable' }],
        },
        {
          name: 'string.quoted.single.dockerfile',
          begin: "'",
          beginCaptures: { 0: { name: 'punctuation.definition.string.begin.dockerfile' } },
          end: "'|(?=\\n)",
          endCaptures: { 0: { name: 'punctuation.definition.string.end.dockerfile' } },
          patterns: [ref('continuation')],
        },
      ],
    },
    [key('arguments')]: { patterns: [ref('string'), ref('escaped-char'), { include: '#variable' }] },
    [key('flags')]: {
      patterns: [ref('from-flag'), ref('mount-flag'), ref('flag')],
    },
    [key('flag')]: {
      // --platform=$BUILDPLATFORM, --chown=app:app, --link
      begin: '(?<=\\s)(--[A-Za-z][A-Za-z0-9-]*)(?:(=)|(?=[ \\t\\n]|$))',
      beginCaptures: { 1: { name: 'entity.other.attribute-name.flag.dockerfile' }, 2: { name: 'keyword.operator.assignment.dockerfile' } },
      end: WORD_END,
      patterns: [ref('string'), { include: '#variable' }, { match: '[^\\s"\'$]+', name: 'string.unquoted.flag-value.dockerfile' }],
    },
    [key('from-flag')]: {
      begin: '(?<=\\s)(--from)(=)',
      beginCaptures: { 1: { name: 'entity.other.attribute-name.flag.dockerfile' }, 2: { name: 'keyword.operator.assignment.dockerfile' } },
      end: WORD_END,
      patterns: [{ include: '#stage-reference-value' }],
    },
    [key('mount-flag')]: {
      // --mount=type=cache,target=/root/.cache,from=builder
      begin: '(?<=\\s)(--mount)(=)',
      beginCaptures: { 1: { name: 'entity.other.attribute-name.flag.dockerfile' }, 2: { name: 'keyword.operator.assignment.dockerfile' } },
      end: WORD_END,
      name: 'meta.mount.dockerfile',
      patterns: [
        ref('continuation'),
        {
          begin: '(?:(?<==)|(?<=,))((?i:from))(=)',
          beginCaptures: { 1: { name: 'support.type.property-name.mount.dockerfile' }, 2: { name: 'keyword.operator.assignment.dockerfile' } },
          end: '(?=[, \\t\\n]|$)',
          patterns: [{ include: '#stage-reference-value' }],
        },
        {
          match: '(?:(?<==)|(?<=,))((?i:type))(=)(bind|cache|tmpfs|secret|ssh)(?=[, \\t\\n]|$)',
          captures: {
            1: { name: 'support.type.property-name.mount.dockerfile' },
            2: { name: 'keyword.operator.assignment.dockerfile' },
            3: { name: 'support.constant.mount-type.dockerfile' },
          },
        },
        {
          match: '(?:(?<==)|(?<=,))([A-Za-z][A-Za-z0-9_-]*)(?:(=)([^,\\s]*))?',
          captures: {
            1: { name: 'support.type.property-name.mount.dockerfile' },
            2: { name: 'keyword.operator.assignment.dockerfile' },
            3: { name: 'string.unquoted.mount-value.dockerfile', patterns: [{ include: '#variable' }] },
          },
        },
        { match: ',', name: 'punctuation.separator.comma.dockerfile' },
      ],
    },
    [key('continuation-lines')]: {
      patterns: [
        // BuildKit drops comment and blank lines inside a continuation.
        { match: '^\\s*(#).*\\n', name: 'comment.line.number-sign.dockerfile', captures: { 1: { name: 'punctuation.definition.comment.dockerfile' } } },
        { match: '^[ \\t]*\\n' },
      ],
    },
    [key('from')]: instruction('FROM', [
      ref('flags'),
      {
        match: `(?<=\\s)((?i:AS))[ \\t]+(${STAGE_NAME})${WORD_END}`,
        captures: { 1: { name: 'keyword.other.special-method.dockerfile' }, 2: { name: 'entity.name.type.stage.dockerfile' } },
      },
      {
        match: '(?<=\\s)((?:[^\\s$\\-"\']|\\$\\{[^}\\s]*\\}|\\$[A-Za-z_][A-Za-z0-9_]*)(?:[^\\s$]|\\$\\{[^}\\s]*\\}|\\$[A-Za-z_][A-Za-z0-9_]*)*)',
        captures: { 1: { name: 'string.unquoted.image.dockerfile', patterns: [{ include: '#variable' }] } },
      },
    ], 'meta.instruction.from.dockerfile'),
    [key('run')]: instruction('RUN', [
      ref('flags'),
      { include: '#heredoc-shell' },
      { include: '#exec-form-strict' },
      ref('arguments'),
    ], 'meta.instruction.run.dockerfile'),
    [key('copy')]: instruction('COPY|ADD', [
      ref('flags'),
      { include: '#heredoc-text' },
      ref('exec-form'),
      ref('arguments'),
    ]),
    [key('exec-instruction')]: instruction('CMD|ENTRYPOINT|SHELL|VOLUME', [ref('exec-form'), ref('arguments')]),
    [key('env-instruction')]: instruction('ARG|ENV', [
      {
        match: '(?<=\\s)([A-Za-z_][A-Za-z0-9_]*)(?:(=)|(?=[ \\t\\n]|$))',
        captures: { 1: { name: 'variable.other.definition.dockerfile' }, 2: { name: 'keyword.operator.assignment.dockerfile' } },
      },
      ref('arguments'),
    ]),
    [key('healthcheck')]: instruction('HEALTHCHECK', [
      ref('flags'),
      { match: '(?<=\\s)((?i:CMD|NONE))(?=\\s|$)', captures: { 1: { name: 'keyword.other.special-method.dockerfile' } } },
      ref('exec-form'),
      ref('arguments'),
    ]),
    [key('other-instruction')]: instruction(
      'LABEL|EXPOSE|USER|WORKDIR|STOPSIGNAL|MAINTAINER',
      [ref('arguments')],
    ),
    [key('exec-form')]: {
      // The exec form: a JSON array of strings (JSON escapes, not the Dockerfile escape character).
      name: 'meta.exec-form.dockerfile',
      begin: '(?<=\\s)(\\[)(?=\\s*("|\\]|$))',
      beginCaptures: { 1: { name: 'punctuation.definition.array.begin.dockerfile' } },
      end: '(\\])|(?=\\n)',
      endCaptures: { 1: { name: 'punctuation.definition.array.end.dockerfile' } },
      applyEndPatternLast: true,
      patterns: [ref('continuation'), ref('continuation-lines'), { include: '#json-string' }, { match: ',', name: 'punctuation.separator.array.dockerfile' }],
    },
  };
}

/** Rules that do not depend on the escape character. */
const shared = {
  comment: {
    match: '^\\s*(#).*$',
    name: 'comment.line.number-sign.dockerfile',
    captures: { 1: { name: 'punctuation.definition.comment.dockerfile' } },
  },
  directive: {
    // Parser directives (# syntax=, # escape=, # check=). BuildKit honours them only above the
    // first instruction or comment; a grammar cannot know that, so it colours them anywhere.
    match: '^\\s*(#)\\s*((?i:syntax|escape|check))\\s*(=)\\s*(.*?)\\s*$',
    name: 'meta.preprocessor.directive.dockerfile',
    captures: {
      1: { name: 'punctuation.definition.directive.dockerfile' },
      2: { name: 'keyword.control.directive.dockerfile' },
      3: { name: 'keyword.operator.assignment.dockerfile' },
      4: { name: 'string.unquoted.directive-value.dockerfile' },
    },
  },
  variable: {
    patterns: [
      {
        match: '(\\$)(\\{)([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?])([^}]*))?(\\})',
        name: 'meta.variable.dockerfile',
        captures: {
          1: { name: 'punctuation.definition.variable.dockerfile' },
          2: { name: 'punctuation.section.variable.begin.dockerfile' },
          3: { name: 'variable.other.dockerfile' },
          4: { name: 'keyword.operator.expansion.dockerfile' },
          5: { name: 'string.unquoted.expansion-word.dockerfile' },
          6: { name: 'punctuation.section.variable.end.dockerfile' },
        },
      },
      {
        match: '(\\$)([A-Za-z_][A-Za-z0-9_]*)',
        name: 'meta.variable.dockerfile',
        captures: { 1: { name: 'punctuation.definition.variable.dockerfile' }, 2: { name: 'variable.other.dockerfile' } },
      },
    ],
  },
  'stage-reference-value': {
    // What BuildKit does with a --from / from= value: a stage index, a variable (refused), a stage
    // name, or anything with ':', '/' or '@', an image.
    patterns: [
      { match: '\\G\\d+(?=[, \\t\\n]|$)', name: 'constant.numeric.integer.stage-index.dockerfile' },
      { match: `\\G${STAGE_NAME}(?=[, \\t\\n]|$)`, name: 'entity.name.type.stage.reference.dockerfile' },
      { include: '#variable' },
      { match: '[^\\s,$]+', name: 'string.unquoted.image.dockerfile' },
    ],
  },
  'json-string': {
    name: 'string.quoted.double.dockerfile',
    begin: '"',
    beginCaptures: { 0: { name: 'punctuation.definition.string.begin.dockerfile' } },
    end: '"|(?=\\n)',
    endCaptures: { 0: { name: 'punctuation.definition.string.end.dockerfile' } },
    patterns: [{ match: '\\\\(?:["\\\\/bfnrt]|u[0-9A-Fa-f]{4})', name: 'constant.character.escape.dockerfile' }],
  },
  'exec-form-strict': {
    // RUN's exec form only when the whole rest of the line is a JSON array: `RUN [ -f x ]` is shell.
    name: 'meta.exec-form.dockerfile',
    begin: '(?<=\\s)(\\[)(?=\\s*(?:"(?:[^"\\\\]|\\\\.)*"\\s*,\\s*)*(?:"(?:[^"\\\\]|\\\\.)*"\\s*)?\\]\\s*$)',
    beginCaptures: { 1: { name: 'punctuation.definition.array.begin.dockerfile' } },
    end: '(\\])|(?=\\n)',
    endCaptures: { 1: { name: 'punctuation.definition.array.end.dockerfile' } },
    patterns: [{ include: '#json-string' }, { match: ',', name: 'punctuation.separator.array.dockerfile' }],
  },
  // Heredocs: `<<EOF` … `EOF`; `<<-EOF` allows tabs before the terminator; a quoted delimiter
  // (`<<"EOF"`, `<<'EOF'`) turns expansion off. The outer rule owns the terminator line; the inner
  // begin/while rule owns the body, so an open construct in the embedded shell cannot swallow
  // the terminator (a while rule is checked at every line start, however deeply nested).
  'heredoc-shell': { patterns: [heredoc(true, true), heredoc(true, false)] },
  'heredoc-text': { patterns: [heredoc(false, true), heredoc(false, false)] },
};

function heredoc(shell, stripTabs) {
  const operator = stripTabs ? '<<-' : '<<(?!-)';
  const tabs = stripTabs ? '\\t*' : '';
  const marker = {
    1: { name: 'keyword.operator.heredoc.dockerfile' },
    2: { name: 'punctuation.definition.string.begin.dockerfile' },
    3: { name: 'keyword.control.heredoc-token.dockerfile' },
    4: { name: 'punctuation.definition.string.end.dockerfile' },
  };
  const body = shell
    ? { contentName: 'meta.embedded.block.shell', patterns: [{ include: 'source.shell' }] }
    : { contentName: 'string.unquoted.heredoc.dockerfile', patterns: [{ include: '#variable' }] };
  return {
    name: 'meta.heredoc.dockerfile',
    begin: `(?=${operator}(["']?)(${HEREDOC_DELIMITER})\\1)`,
    end: `^${tabs}(\\2)$`,
    endCaptures: { 1: { name: 'keyword.control.heredoc-token.dockerfile' } },
    patterns: [
      {
        begin: `\\G(${stripTabs ? '<<-' : '<<'})(["']?)(${HEREDOC_DELIMITER})(\\2)(.*)$`,
        beginCaptures: { ...marker, 5: { patterns: [{ include: '#heredoc-line-rest' }] } },
        while: `^(?!${tabs}\\3$)`,
        ...body,
      },
    ],
  };
}

shared['heredoc-line-rest'] = { patterns: [{ include: '#string' }, { include: '#variable' }] };

export const grammar = {
  $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
  name: 'Dockerfile (Stagecraft)',
  scopeName: 'source.dockerfile',
  comment: 'Generated by syntaxes/generate.mjs; edit that file, not this one.',
  fileTypes: ['Dockerfile', 'Containerfile', 'dockerfile', 'containerfile'],
  patterns: [
    {
      // `# escape=`` switches the rest of the file to the backtick rules.
      begin: '^\\s*(#)\\s*((?i:escape))\\s*(=)\\s*(`)\\s*$',
      beginCaptures: { 0: { name: shared.directive.name }, ...shared.directive.captures },
      end: '(?!)',
      patterns: [{ include: '#statements-bt' }],
    },
    { include: '#statements' },
  ],
  repository: { ...shared, ...rulesFor('\\', ''), ...rulesFor('`', '-bt') },
};

/** The file's exact text; the grammar test checks the committed file against it. */
export const grammarText = JSON.stringify(grammar, null, 2) + '\n';

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(fileURLToPath(new URL('./dockerfile.tmLanguage.json', import.meta.url)), grammarText);
}
