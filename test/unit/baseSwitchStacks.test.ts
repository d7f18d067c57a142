/** "Use scratch / distroless / alpine" for stacks with a runtime: Node, Python, Java, .NET. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction } from 'vscode-languageserver-types';
import { applyAction, codesOf, refactorsAt } from './fixesSupport';

/** The refactors offered on the last FROM of `lines`. */
function offeredOnFinalFrom(lines: string[]): CodeAction[] {
  const line = lines.reduce((last, text, index) => (text.startsWith('FROM ') ? index : last), -1);
  return refactorsAt(lines.join('\n'), { start: { line, character: 1 }, end: { line, character: 1 } });
}

/** Applies `action`, checks the result exactly and that it raises nothing the original did not. */
function assertApplies(lines: string[], action: CodeAction, expected: string[]): void {
  const text = lines.join('\n');
  const result = applyAction(text, action);
  assert.equal(result, expected.join('\n'), action.title);
  assert.deepEqual(codesOf(result).filter((code) => !codesOf(text).includes(code)), [], action.title);
}

/** `lines` with the final stage's FROM line replaced (and `inserted` lines after it). */
function withFinalFrom(lines: string[], from: string, inserted: string[] = []): string[] {
  const index = lines.reduce((last, text, i) => (text.startsWith('FROM ') ? i : last), -1);
  return [...lines.slice(0, index), from, ...inserted, ...lines.slice(index + 1)];
}

const NODE_WITH_MODULES = [
  'FROM node:20 AS deps',
  'WORKDIR /app',
  'COPY package.json package-lock.json ./',
  'RUN npm ci --omit=dev',
  '',
  'FROM node:20 AS build',
  'WORKDIR /app',
  'COPY package.json package-lock.json ./',
  'RUN npm ci',
  'COPY . .',
  'RUN npm run build',
  '',
  'FROM node:20',
  'WORKDIR /app',
  'ENV NODE_ENV=production',
  'COPY --from=deps /app/node_modules ./node_modules',
  'COPY --from=build /app/dist ./dist',
  'USER node',
  'EXPOSE 3000',
  'CMD ["node", "dist/server.js"]',
  '',
];

test('base switch, Node: node_modules installed on glibc get the slim image of the same major, not alpine', () => {
  const actions = offeredOnFinalFrom(NODE_WITH_MODULES);
  assert.deepEqual(actions.map((a) => a.title), ['Use node:20-slim: has a shell, glibc, ≈85 MB']);
  assertApplies(NODE_WITH_MODULES, actions[0], withFinalFrom(NODE_WITH_MODULES, 'FROM node:20-slim'));
});

const NODE_BUNDLE = [
  'FROM node:22.4.1-bookworm AS build',
  'WORKDIR /app',
  'COPY package.json package-lock.json ./',
  'RUN npm ci',
  'COPY . .',
  'RUN npx esbuild src/server.ts --bundle --platform=node --outfile=dist/server.js',
  '',
  'FROM node:22.4.1-bookworm',
  'WORKDIR /app',
  'COPY --from=build /app/dist/server.js ./server.js',
  'USER node',
  'CMD node server.js',
  '',
];

test('base switch, Node: a bundle without node_modules runs on alpine and slim; no distroless (its entrypoint is node)', () => {
  const actions = offeredOnFinalFrom(NODE_BUNDLE);
  assert.deepEqual(actions.map((a) => a.title), [
    'Use node:22-alpine: has a shell, musl, ≈61 MB',
    'Use node:22-slim: has a shell, glibc, ≈80 MB',
  ]);
  assertApplies(NODE_BUNDLE, actions[0], withFinalFrom(NODE_BUNDLE, 'FROM node:22-alpine'));
  assertApplies(NODE_BUNDLE, actions[1], withFinalFrom(NODE_BUNDLE, 'FROM node:22-slim'));
});

const PYTHON_VENV = [
  'FROM python:3.12 AS build',
  'RUN python -m venv /opt/venv',
  'ENV PATH=/opt/venv/bin:$PATH',
  'WORKDIR /app',
  'COPY requirements.txt .',
  'RUN pip install --no-cache-dir -r requirements.txt',
  '',
  'FROM python:3.12',
  'ENV PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1',
  'COPY --from=build /opt/venv /opt/venv',
  'WORKDIR /app',
  'COPY . .',
  'EXPOSE 8000',
  'CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]',
  '',
];

test('base switch, Python: a glibc virtualenv (compiled packages) gets python:<ver>-slim, never alpine (LibcMismatch)', () => {
  const actions = offeredOnFinalFrom(PYTHON_VENV);
  assert.deepEqual(actions.map((a) => a.title), ['Use python:3.12-slim: has a shell, glibc, ≈43 MB']);
  const slim = withFinalFrom(PYTHON_VENV, 'FROM python:3.12-slim');
  assertApplies(PYTHON_VENV, actions[0], slim);
  // The slim image no longer ships the full image's compilers.
  assert.deepEqual(codesOf(slim.join('\n')), []);
  assert.ok(codesOf(withFinalFrom(PYTHON_VENV, 'FROM python:3.12-alpine').join('\n')).includes('LibcMismatch'));
});

const PYTHON_PURE_WHEEL = [
  'FROM python:3.12-slim AS build',
  'WORKDIR /src',
  'COPY pyproject.toml README.md ./',
  'COPY src ./src',
  'RUN pip wheel --no-deps --wheel-dir /wheels .',
  '',
  'FROM python:3.12-slim',
  'COPY --from=build /wheels /wheels',
  'RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels',
  'USER 1000',
  'CMD ["python", "-m", "inventory"]',
  '',
];

test('base switch, Python: no compiled packages copied, so alpine is offered', () => {
  const actions = offeredOnFinalFrom(PYTHON_PURE_WHEEL);
  assert.deepEqual(actions.map((a) => a.title), ['Use python:3.12-alpine: has a shell, musl, ≈18 MB']);
  assertApplies(PYTHON_PURE_WHEEL, actions[0], withFinalFrom(PYTHON_PURE_WHEEL, 'FROM python:3.12-alpine'));
});

const JAVA_MAVEN = [
  'FROM maven:3.9-eclipse-temurin-21 AS build',
  'WORKDIR /src',
  'COPY pom.xml .',
  'RUN mvn -B dependency:go-offline',
  'COPY src ./src',
  'RUN mvn -B package -DskipTests',
  '',
  'FROM eclipse-temurin:21-jdk',
  'WORKDIR /app',
  'COPY --from=build /src/target/app.jar app.jar',
  'EXPOSE 8080',
  'ENTRYPOINT ["java", "-jar", "/app/app.jar"]',
  '',
];

test('base switch, Java: a JDK runtime gets the temurin JRE of the same major, alpine and Ubuntu', () => {
  const actions = offeredOnFinalFrom(JAVA_MAVEN);
  assert.deepEqual(actions.map((a) => a.title), [
    'Use eclipse-temurin:21-jre-alpine: has a shell, musl, ≈74 MB',
    'Use eclipse-temurin:21-jre: has a shell, glibc, ≈121 MB',
  ]);
  assertApplies(JAVA_MAVEN, actions[0], withFinalFrom(JAVA_MAVEN, 'FROM eclipse-temurin:21-jre-alpine'));
  assertApplies(JAVA_MAVEN, actions[1], withFinalFrom(JAVA_MAVEN, 'FROM eclipse-temurin:21-jre'));
  assert.ok(codesOf(JAVA_MAVEN.join('\n')).includes('BuildToolsInFinalStage'), 'the JDK in the original is flagged; the JRE fixes it');
});

test('base switch, Java: busybox adduser in the stage keeps it on alpine (no glibc JRE offered)', () => {
  const text = [
    'FROM gradle:8.7-jdk17 AS build',
    'WORKDIR /home/gradle/src',
    'COPY --chown=gradle:gradle . .',
    'RUN gradle bootJar --no-daemon',
    '',
    'FROM eclipse-temurin:17-jre-alpine',
    'RUN addgroup -S spring && adduser -S spring -G spring',
    'USER spring:spring',
    'COPY --from=build /home/gradle/src/build/libs/*.jar /app.jar',
    'ENTRYPOINT ["java", "-jar", "/app.jar"]',
    '',
  ];
  assert.deepEqual(offeredOnFinalFrom(text).map((a) => a.title), []);
  const withApk = text.map((line) => (line.startsWith('RUN addgroup') ? 'RUN apk add --no-cache curl' : line));
  assert.deepEqual(offeredOnFinalFrom(withApk).map((a) => a.title), []);
});

const DOTNET_API = [
  'FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build',
  'WORKDIR /src',
  'COPY Api.csproj .',
  'RUN dotnet restore',
  'COPY . .',
  'RUN dotnet publish -c Release -o /app/publish',
  '',
  'FROM mcr.microsoft.com/dotnet/aspnet:8.0',
  'WORKDIR /app',
  'COPY --from=build /app/publish .',
  'EXPOSE 8080',
  'ENTRYPOINT dotnet Api.dll',
  '',
];

test('base switch, .NET: aspnet alpine, and chiseled with exec form and its non-root user', () => {
  const actions = offeredOnFinalFrom(DOTNET_API);
  assert.deepEqual(actions.map((a) => a.title), [
    'Use mcr.microsoft.com/dotnet/aspnet:8.0-alpine: has a shell, musl',
    'Use mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled: no shell, glibc, runs as nonroot (adds exec-form commands, USER app)',
  ]);
  assertApplies(DOTNET_API, actions[0], withFinalFrom(DOTNET_API, 'FROM mcr.microsoft.com/dotnet/aspnet:8.0-alpine'));
  assertApplies(DOTNET_API, actions[1], [
    'FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build',
    'WORKDIR /src',
    'COPY Api.csproj .',
    'RUN dotnet restore',
    'COPY . .',
    'RUN dotnet publish -c Release -o /app/publish',
    '',
    'FROM mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled',
    'USER app',
    'WORKDIR /app',
    'COPY --from=build /app/publish .',
    'EXPOSE 8080',
    'ENTRYPOINT ["dotnet", "Api.dll"]',
    '',
  ]);
});

test('base switch, .NET: port 80 rules out the non-root chiseled image; ICU turned back on rules out alpine and chiseled', () => {
  const port80 = withFinalFrom(DOTNET_API, 'FROM mcr.microsoft.com/dotnet/aspnet:8.0', ['ENV ASPNETCORE_URLS=http://+:80']);
  const actions = offeredOnFinalFrom(port80);
  assert.deepEqual(actions.map((a) => a.title), ['Use mcr.microsoft.com/dotnet/aspnet:8.0-alpine: has a shell, musl']);
  assertApplies(port80, actions[0], withFinalFrom(port80, 'FROM mcr.microsoft.com/dotnet/aspnet:8.0-alpine'));
  const icu = withFinalFrom(DOTNET_API, 'FROM mcr.microsoft.com/dotnet/aspnet:8.0', ['ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=false']);
  assert.deepEqual(offeredOnFinalFrom(icu).map((a) => a.title), []);
});

test('base switch, .NET: a console app published for linux-x64 stays on glibc runtime images (chiseled, not alpine)', () => {
  const text = [
    'FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build',
    'WORKDIR /src',
    'COPY . .',
    'RUN dotnet publish Worker.csproj -c Release -r linux-x64 --self-contained false -o /out',
    '',
    'FROM mcr.microsoft.com/dotnet/runtime:8.0',
    'WORKDIR /app',
    'COPY --from=build /out .',
    'ENTRYPOINT ["dotnet", "Worker.dll"]',
    '',
  ];
  const actions = offeredOnFinalFrom(text);
  assert.deepEqual(actions.map((a) => a.title), ['Use mcr.microsoft.com/dotnet/runtime:8.0-noble-chiseled: no shell, glibc, runs as nonroot (adds USER app)']);
  assertApplies(text, actions[0], withFinalFrom(text, 'FROM mcr.microsoft.com/dotnet/runtime:8.0-noble-chiseled', ['USER app']));
  const musl = text.map((line) => line.replace('-r linux-x64', '-r linux-musl-x64'));
  assert.deepEqual(offeredOnFinalFrom(musl).map((a) => a.title), ['Use mcr.microsoft.com/dotnet/runtime:8.0-alpine: has a shell, musl']);
});

test('base switch: no version in any tag (node:lts), nothing is guessed', () => {
  const text = NODE_BUNDLE.map((line) => line.replace('node:22.4.1-bookworm', 'node:lts'));
  assert.deepEqual(offeredOnFinalFrom(text).map((a) => a.title), []);
});
