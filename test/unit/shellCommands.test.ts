import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { scanDockerfile } from '../../server/src/model/scanner';
import { commandText, isExecForm, simpleCommands, splitShell } from '../../server/src/model/shellCommands';

const argvs = (text: string) => splitShell(text).map((command) => command.argv);

function instruction(text: string) {
  const found = scanDockerfile(`FROM alpine\n${text}\n`).instructions[1];
  assert.ok(found, text);
  return found;
}

describe('splitShell: the one shell tokenizer', () => {
  it('splits at &&, ||, ;, |, &, newlines and then/do', () => {
    assert.deepEqual(argvs('a 1 && b; c | d || e & f\ng'), [['a', '1'], ['b'], ['c'], ['d'], ['e'], ['f'], ['g']]);
    assert.deepEqual(argvs('if [ -f go.mod ]; then go build; fi'), [['if', '[', '-f', 'go.mod', ']'], ['go', 'build'], ['fi']]);
    assert.deepEqual(argvs('for d in a b; do make -C $d; done'), [['for', 'd', 'in', 'a', 'b'], ['make', '-C', '$d'], ['done']]);
    assert.deepEqual(argvs('echo "then" do-it'), [['echo', 'then', 'do-it']], 'quoted or part of a word: no separator');
  });

  it('keeps the text of each command as written', () => {
    assert.deepEqual(splitShell('cd web  &&  npm run build -- --outDir="out dir" > log').map((command) => command.text), ['cd web', 'npm run build -- --outDir="out dir" > log']);
  });

  it('reads single and double quotes once, adjacent pieces forming one word', () => {
    assert.deepEqual(argvs(`go build -ldflags="-s -w" -o 'my app' a"b"'c'`), [['go', 'build', '-ldflags=-s -w', '-o', 'my app', 'abc']]);
    assert.deepEqual(argvs(`echo "a; b && c" 'd | e'`), [['echo', 'a; b && c', 'd | e']], 'separators inside quotes');
    assert.deepEqual(argvs(`echo "" ''`), [['echo', '', '']], 'empty quotes are words');
    assert.deepEqual(argvs(`echo it's`), [['echo', "it's"]], 'an unmatched quote is a character');
  });

  it('reads escapes and line continuations', () => {
    assert.deepEqual(argvs('echo a\\ b \\; c'), [['echo', 'a b', ';', 'c']]);
    assert.deepEqual(argvs('go build \\\n  -o /app'), [['go', 'build', '-o', '/app']]);
    assert.deepEqual(argvs('echo "say \\"hi\\" \\$HOME \\n"'), [['echo', 'say "hi" $HOME \\n']], 'in double quotes only $ ` " \\ are escaped');
    assert.deepEqual(argvs("echo 'a\\b'"), [['echo', 'a\\b']], 'single quotes keep backslashes');
    assert.deepEqual(argvs('dotnet publish -o C:\\out'), [['dotnet', 'publish', '-o', 'C:\\out']], 'a backslash before a letter stays');
  });

  it('keeps substitutions whole and drops grouping and comments', () => {
    assert.deepEqual(argvs('make -j"$(nproc)" OUT=${DIR}/bin `date`'), [['make', '-j$(nproc)', 'OUT=${DIR}/bin', '`date`']]);
    assert.deepEqual(argvs('echo $(a; b | c)'), [['echo', '$(a; b | c)']]);
    assert.deepEqual(argvs('(cd web && make) ; { make test; }'), [['cd', 'web'], ['make'], ['make', 'test']]);
    assert.deepEqual(argvs("# don't build\ngo build # comment; here\nfind . -name '#x'"), [['go', 'build'], ['find', '.', '-name', '#x']]);
  });

  it('takes redirect targets out of the words', () => {
    const [head, echo, dd] = splitShell('head -c 1M /dev/zero >> "/a b" 2>/dev/null && echo hi 2>&1 >/x && dd if=/dev/zero 1>&2 &> /log');
    assert.deepEqual([head.argv, head.redirectsTo], [['head', '-c', '1M', '/dev/zero'], ['/a b', '/dev/null']]);
    assert.deepEqual([echo.argv, echo.redirectsTo], [['echo', 'hi'], ['/x']]);
    assert.deepEqual([dd.argv, dd.redirectsTo], [['dd', 'if=/dev/zero'], ['/log']]);
    assert.deepEqual(argvs('head -c 10 < /dev/urandom'), [['head', '-c', '10', '/dev/urandom']], 'an input file stays a word');
    assert.deepEqual(argvs('cat <<EOF > /etc/x\nhello\nEOF'), [['cat'], ['hello'], ['EOF']], 'a heredoc delimiter is no word');
  });

  it('marks piped commands', () => {
    assert.deepEqual(splitShell('curl -L x | tar xz || true; a | b').map((command) => command.piped), [false, true, false, false, true]);
  });

  it('reads leading assignments, env and exec', () => {
    const [go, run, node] = splitShell('CGO_ENABLED=0 GOOS=linux go build; env -u X A="1 2" exec ./run; exec env NODE_ENV=production node .');
    assert.deepEqual([go.assignments, go.argv], [{ CGO_ENABLED: '0', GOOS: 'linux' }, ['go', 'build']]);
    assert.deepEqual([run.assignments, run.argv], [{}, ['-u', 'X', 'A=1 2', 'exec', './run']], 'only assignments right after env');
    assert.deepEqual([node.assignments, node.argv], [{ NODE_ENV: 'production' }, ['node', '.']]);
    assert.deepEqual(splitShell('A=1').map((command) => [command.assignments, command.argv]), [[{ A: '1' }, []]]);
    assert.deepEqual(argvs('go build -ldflags=-X=a'), [['go', 'build', '-ldflags=-X=a']]);
  });

  it('reads nothing from empty text', () => {
    assert.deepEqual(splitShell(''), []);
    assert.deepEqual(splitShell(' ;; && \n { } '), []);
  });
});

describe('simpleCommands: RUN, CMD and ENTRYPOINT', () => {
  it('reads the shell form after the flags, heredoc bodies included', () => {
    const run = instruction('RUN --mount=type=cache,target=/root/.cache go build -o /app . <<EOF\nnpm ci\nEOF');
    assert.equal(commandText(run), 'go build -o /app . <<EOF\nnpm ci');
    assert.deepEqual(simpleCommands(run).map((command) => command.argv), [['go', 'build', '-o', '/app', '.'], ['npm', 'ci']]);
  });

  it('reads the exec form as argv, and sh -c as a shell line', () => {
    const exec = instruction('CMD ["./server", "--port=8080"]');
    assert.equal(isExecForm(exec), true);
    assert.deepEqual(simpleCommands(exec), [{ assignments: {}, argv: ['./server', '--port=8080'], redirectsTo: [], piped: false, text: './server --port=8080' }]);
    const shell = instruction('ENTRYPOINT ["/bin/sh", "-c", "cd /app && exec ./server"]');
    assert.deepEqual(simpleCommands(shell).map((command) => command.argv), [['cd', '/app'], ['./server']]);
    assert.equal(isExecForm(instruction('CMD ./server [x]')), false);
    assert.equal(isExecForm(instruction('CMD [not json]')), false);
  });
});
