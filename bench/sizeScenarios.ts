/**
 * Real-build size scenarios on the toolchain images (scripts/toolchain-images.sh): one step of each
 * kind (apt, pip, npm, go, cargo, jar, make) on the image that runs it, and whole images (Go, Rust,
 * Node, Python, Java, C; single stage and split). `measureScenarios` builds them with buildah and
 * reads the exact bytes; scripts/measure-sizes.ts keeps the result in bench/data/size-measurements.json,
 * and `npm run bench:size` compares the estimates with it.
 *
 * Offline: apt reaches Debian's mirror and npm its registry (the host's CA bundle is bind-mounted for
 * TLS, never part of a layer). PyPI is not reachable: pip installs come from the local index of
 * scripts/python-index.sh (wheels repacked from Debian's python3-* packages, an sdist with a C
 * extension; test/support/pythonIndex.ts serves it). No Go module proxy: the Go programs use the
 * standard library; no crates.io: the Rust programs have no dependencies.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Buildah } from '../test/support/buildah';
import type { PythonIndex } from '../test/support/pythonIndex';
import type { ToolchainRecipe } from '../test/support/toolchains';

export type StepKind = 'apt' | 'pip' | 'npm' | 'go' | 'cargo' | 'jar' | 'make';

export interface SizeScenario {
  name: string;
  /** A step kind (the last RUN is measured), or 'image' (the whole final image). */
  kind: StepKind | 'image';
  /** For a whole image: the app's language, to report images per stack. */
  stack?: 'go' | 'rust' | 'node' | 'python' | 'java' | 'c';
  /** The toolchain images it builds on. */
  recipes: ToolchainRecipe[];
  /** Build-context files: text, or the name of a prepared set (`npm-app`). */
  files?: Record<string, string>;
  /** Copies bench/data/<name>/ into the context. */
  dataDir?: string;
  dockerfile: string;
  /** Needs the local Python package index (PIP_INDEX_URL / PIP_TRUSTED_HOST build args). */
  pypi?: boolean;
  /** Reaches the npm registry over TLS: the host's CA bundle is bind-mounted for its RUN steps. */
  tls?: boolean;
}

// --- programs -------------------------------------------------------------------------------------
const GO_MOD = 'module example.com/app\n\ngo 1.19\n';
const GO_HELLO = 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello") }\n';
const GO_SERVER = `package main

import (
	"encoding/json"
	"html/template"
	"log"
	"net/http"
	"os"
)

var page = template.Must(template.New("p").Parse("<h1>{{.}}</h1>"))

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { _ = page.Execute(w, r.URL.Path) })
	http.HandleFunc("/api", func(w http.ResponseWriter, r *http.Request) { _ = json.NewEncoder(w).Encode(map[string]string{"ok": "yes"}) })
	if len(os.Args) > 1 && os.Args[1] == "-check" {
		log.Println("ok")
		return
	}
	log.Fatal(http.ListenAndServe(":8080", nil))
}
`;
const CARGO_TOML = '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n';
const RUST_MAIN = `use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

fn main() {
    if std::env::args().any(|a| a == "--check") { println!("ok"); return; }
    let listener = TcpListener::bind("0.0.0.0:8080").unwrap();
    let mut hits: HashMap<String, u64> = HashMap::new();
    for stream in listener.incoming() {
        let mut stream = stream.unwrap();
        let mut line = String::new();
        BufReader::new(&stream).read_line(&mut line).unwrap();
        let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
        *hits.entry(path.clone()).or_default() += 1;
        let body = format!("{} {}\\n", path, hits[&path]);
        write!(stream, "HTTP/1.1 200 OK\\r\\nContent-Length: {}\\r\\n\\r\\n{}", body.len(), body).unwrap();
    }
}
`;
const JAVA_MAIN = `package com.example;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

public class Main {
    static final Map<String, Integer> HITS = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--check")) { System.out.println("ok " + Util.greet("java")); return; }
        HttpServer server = HttpServer.create(new InetSocketAddress(8080), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body = (path + " " + HITS.merge(path, 1, Integer::sum) + "\\n").getBytes();
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) { out.write(body); }
        });
        server.start();
    }
}
`;
const JAVA_UTIL = 'package com.example;\n\npublic final class Util {\n    private Util() {}\n    public static String greet(String who) { return "hello " + who; }\n}\n';
const JAVA_BUILD = 'mkdir -p out && javac -d out $(find src -name "*.java") && jar --create --file app.jar --main-class com.example.Main -C out .';
const C_FILES: Record<string, string> = {
  'Makefile': 'CFLAGS ?= -O2 -Wall\nOBJS = main.o table.o text.o\n\napp: $(OBJS)\n\t$(CC) $(CFLAGS) -o $@ $(OBJS)\n\nclean:\n\trm -f app $(OBJS)\n',
  'main.c': '#include <stdio.h>\n#include "app.h"\nint main(void) { printf("%s %d\\n", text_banner(), table_sum(100)); return 0; }\n',
  'table.c': '#include "app.h"\nstatic int table[4096];\nint table_sum(int n) { int s = 0; for (int i = 0; i < n && i < 4096; i++) { table[i] = i * i; s += table[i]; } return s; }\n',
  'text.c': '#include "app.h"\nconst char *text_banner(void) { return "app"; }\n',
  'app.h': 'int table_sum(int n);\nconst char *text_banner(void);\n',
};
const PY_APP = 'import flask, requests, yaml\napp = flask.Flask(__name__)\n\n@app.get("/")\ndef index():\n    return "ok"\n';
const PY_REQUIREMENTS = 'flask\nrequests\npyyaml\n';

const go = (program: string) => ({ 'go.mod': GO_MOD, 'main.go': program });
const rust = { 'Cargo.toml': CARGO_TOML, 'src/main.rs': RUST_MAIN };
const java = { 'src/com/example/Main.java': JAVA_MAIN, 'src/com/example/Util.java': JAVA_UTIL };
const APT = (base: string, command: string) => `FROM ${base}\nRUN ${command}\n`;
const PIP_ARGS = 'ARG PIP_INDEX_URL\nARG PIP_TRUSTED_HOST\n';

export const SCENARIOS: SizeScenario[] = [
  // apt: a small tool, a toolchain, a runtime library set; with and without recommends and list clean-up.
  { name: 'apt curl, no recommends, lists removed', kind: 'apt', recipes: ['debian'], dockerfile: APT('debian:bookworm', 'apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*') },
  { name: 'apt curl, recommends, lists removed', kind: 'apt', recipes: ['debian'], dockerfile: APT('debian:bookworm', 'apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*') },
  { name: 'apt curl, no recommends, lists kept', kind: 'apt', recipes: ['debian'], dockerfile: APT('debian:bookworm', 'apt-get update && apt-get install -y --no-install-recommends curl') },
  { name: 'apt jq on slim, no recommends, lists removed', kind: 'apt', recipes: ['debian-slim'], dockerfile: APT('debian:bookworm-slim', 'apt-get update && apt-get install -y --no-install-recommends jq && rm -rf /var/lib/apt/lists/*') },
  { name: 'apt build-essential, no recommends, lists removed', kind: 'apt', recipes: ['debian'], dockerfile: APT('debian:bookworm', 'apt-get update && apt-get install -y --no-install-recommends build-essential && rm -rf /var/lib/apt/lists/*') },
  { name: 'apt build-essential, recommends, lists removed', kind: 'apt', recipes: ['debian'], dockerfile: APT('debian:bookworm', 'apt-get update && apt-get install -y build-essential && rm -rf /var/lib/apt/lists/*') },
  { name: 'apt runtime libraries (libpq5 libxml2 libjpeg62-turbo libssl3), lists removed', kind: 'apt', recipes: ['debian-slim'], dockerfile: APT('debian:bookworm-slim', 'apt-get update && apt-get install -y --no-install-recommends libpq5 libxml2 libjpeg62-turbo libssl3 ca-certificates && rm -rf /var/lib/apt/lists/*') },
  { name: 'apt python3 on slim, no recommends, lists removed', kind: 'apt', recipes: ['debian-slim'], dockerfile: APT('debian:bookworm-slim', 'apt-get update && apt-get install -y --no-install-recommends python3 && rm -rf /var/lib/apt/lists/*') },
  { name: 'apt git, recommends, lists kept', kind: 'apt', recipes: ['debian'], dockerfile: APT('debian:bookworm', 'apt-get update && apt-get install -y git') },
  { name: 'apt postgresql-client, no recommends, lists removed', kind: 'apt', recipes: ['debian-slim'], dockerfile: APT('debian:bookworm-slim', 'apt-get update && apt-get install -y --no-install-recommends postgresql-client && rm -rf /var/lib/apt/lists/*') },

  // pip: wheels (system and venv), with and without the cache, an sdist that compiles (built in an
  // isolated environment with setuptools from the index), a requirements file.
  { name: 'pip: an empty venv (python -m venv)', kind: 'pip', recipes: ['python'], dockerfile: 'FROM python:3.11-bookworm\nRUN python -m venv /opt/venv\n' },
  { name: 'pip wheels (flask), no cache', kind: 'pip', recipes: ['python'], pypi: true, dockerfile: `FROM python:3.11-bookworm\n${PIP_ARGS}RUN pip install --no-cache-dir flask\n` },
  { name: 'pip wheels (flask), cache kept', kind: 'pip', recipes: ['python'], pypi: true, dockerfile: `FROM python:3.11-bookworm\n${PIP_ARGS}RUN pip install flask\n` },
  { name: 'pip wheels (requests pyyaml) into a venv, no cache', kind: 'pip', recipes: ['python'], pypi: true, dockerfile: `FROM python:3.11-bookworm\n${PIP_ARGS}RUN python -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir requests pyyaml\n` },
  { name: 'pip sdist that compiles (a C extension), cache kept', kind: 'pip', recipes: ['python'], pypi: true, dockerfile: `FROM python:3.11-bookworm\n${PIP_ARGS}RUN pip install fastcount\n` },
  { name: 'pip sdist that compiles (a C extension), no cache', kind: 'pip', recipes: ['python'], pypi: true, dockerfile: `FROM python:3.11-bookworm\n${PIP_ARGS}RUN pip install --no-cache-dir fastcount\n` },
  { name: 'pip -r requirements.txt into a venv, cache kept', kind: 'pip', recipes: ['python'], pypi: true, files: { 'requirements.txt': PY_REQUIREMENTS }, dockerfile: `FROM python:3.11-bookworm\n${PIP_ARGS}WORKDIR /app\nCOPY requirements.txt .\nRUN python -m venv /opt/venv && /opt/venv/bin/pip install -r requirements.txt\n` },
  { name: 'pip -r requirements.txt, no cache', kind: 'pip', recipes: ['python'], pypi: true, files: { 'requirements.txt': PY_REQUIREMENTS }, dockerfile: `FROM python:3.11-bookworm\n${PIP_ARGS}WORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n` },

  // npm: one lock file (express, dayjs, pino; typescript and eslint as dev dependencies).
  { name: 'npm ci (all dependencies), cache kept', kind: 'npm', recipes: ['node'], dataDir: 'npm-app', tls: true, dockerfile: 'FROM node:18-bookworm\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\n' },
  { name: 'npm ci --omit=dev, cache kept', kind: 'npm', recipes: ['node'], dataDir: 'npm-app', tls: true, dockerfile: 'FROM node:18-bookworm\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\n' },
  { name: 'npm ci --omit=dev && npm cache clean', kind: 'npm', recipes: ['node'], dataDir: 'npm-app', tls: true, dockerfile: 'FROM node:18-bookworm\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev && npm cache clean --force\n' },

  // go: binaries and the build cache, small and larger programs, -s -w, cache removed.
  { name: 'go build hello', kind: 'go', recipes: ['golang'], files: go(GO_HELLO), dockerfile: 'FROM golang:1.19-bookworm\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n' },
  { name: 'go build net/http server', kind: 'go', recipes: ['golang'], files: go(GO_SERVER), dockerfile: 'FROM golang:1.19-bookworm\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n' },
  { name: 'go build net/http server -ldflags="-s -w"', kind: 'go', recipes: ['golang'], files: go(GO_SERVER), dockerfile: 'FROM golang:1.19-bookworm\nWORKDIR /src\nCOPY . .\nRUN go build -ldflags="-s -w" -o /app .\n' },
  { name: 'go build server, CGO_ENABLED=0, go clean -cache', kind: 'go', recipes: ['golang'], files: go(GO_SERVER), dockerfile: 'FROM golang:1.19-bookworm\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app . && go clean -cache\n' },

  // cargo: release and debug target directories (no crates: crates.io is not reachable).
  { name: 'cargo build --release', kind: 'cargo', recipes: ['rust'], files: rust, dockerfile: 'FROM rust:1.63-bookworm\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\n' },
  { name: 'cargo build (debug)', kind: 'cargo', recipes: ['rust'], files: rust, dockerfile: 'FROM rust:1.63-bookworm\nWORKDIR /src\nCOPY . .\nRUN cargo build\n' },

  // jar and make.
  { name: 'javac + jar', kind: 'jar', recipes: ['jdk'], files: java, dockerfile: `FROM eclipse-temurin:17-jdk\nWORKDIR /src\nCOPY src ./src\nRUN ${JAVA_BUILD}\n` },
  { name: 'make (C, three objects)', kind: 'make', recipes: ['gcc'], files: C_FILES, dockerfile: 'FROM gcc:12-bookworm\nWORKDIR /src\nCOPY . .\nRUN make\n' },

  // Whole images: single stage and split.
  { name: 'Go app, single stage', kind: 'image', stack: 'go', recipes: ['golang'], files: go(GO_SERVER), dockerfile: 'FROM golang:1.19-bookworm\nWORKDIR /src\nCOPY . .\nRUN go build -o /usr/local/bin/app .\nCMD ["app"]\n' },
  { name: 'Go app, split onto distroless static', kind: 'image', stack: 'go', recipes: ['golang', 'distroless-static'], files: go(GO_SERVER), dockerfile: 'FROM golang:1.19-bookworm AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -ldflags="-s -w" -o /app .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n' },
  { name: 'Rust app, single stage', kind: 'image', stack: 'rust', recipes: ['rust'], files: rust, dockerfile: 'FROM rust:1.63-bookworm\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\nCMD ["/src/target/release/app"]\n' },
  { name: 'Rust app, split onto debian slim', kind: 'image', stack: 'rust', recipes: ['rust', 'debian-slim'], files: rust, dockerfile: 'FROM rust:1.63-bookworm AS build\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\n\nFROM debian:bookworm-slim\nCOPY --from=build /src/target/release/app /usr/local/bin/app\nCMD ["app"]\n' },
  { name: 'Node app, single stage', kind: 'image', stack: 'node', recipes: ['node'], dataDir: 'npm-app', tls: true, files: { 'server.js': 'require("express")().get("/", (q, r) => r.send("ok")).listen(8080);\n' }, dockerfile: 'FROM node:18-bookworm\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY server.js .\nCMD ["node", "server.js"]\n' },
  { name: 'Node app, split onto node slim', kind: 'image', stack: 'node', recipes: ['node', 'node-slim'], dataDir: 'npm-app', tls: true, files: { 'server.js': 'require("express")().get("/", (q, r) => r.send("ok")).listen(8080);\n' }, dockerfile: 'FROM node:18-bookworm AS build\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\n\nFROM node:18-bookworm-slim\nWORKDIR /app\nCOPY --from=build /app/node_modules ./node_modules\nCOPY server.js .\nUSER node\nCMD ["node", "server.js"]\n' },
  { name: 'Python app, single stage', kind: 'image', stack: 'python', recipes: ['python'], pypi: true, files: { 'requirements.txt': PY_REQUIREMENTS, 'app.py': PY_APP }, dockerfile: `FROM python:3.11-bookworm\n${PIP_ARGS}WORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY app.py .\nCMD ["flask", "run", "--host=0.0.0.0"]\n` },
  { name: 'Python app, split onto python slim (venv)', kind: 'image', stack: 'python', recipes: ['python', 'python-slim'], pypi: true, files: { 'requirements.txt': PY_REQUIREMENTS, 'app.py': PY_APP }, dockerfile: `FROM python:3.11-bookworm AS build\n${PIP_ARGS}RUN python -m venv /opt/venv\nCOPY requirements.txt .\nRUN /opt/venv/bin/pip install --no-cache-dir -r requirements.txt\n\nFROM python:3.11-slim-bookworm\nCOPY --from=build /opt/venv /opt/venv\nWORKDIR /app\nCOPY app.py .\nENV PATH=/opt/venv/bin:$PATH\nCMD ["flask", "run", "--host=0.0.0.0"]\n` },
  { name: 'Java app, single stage', kind: 'image', stack: 'java', recipes: ['jdk'], files: java, dockerfile: `FROM eclipse-temurin:17-jdk\nWORKDIR /src\nCOPY src ./src\nRUN ${JAVA_BUILD}\nCMD ["java", "-jar", "app.jar"]\n` },
  { name: 'Java app, split onto a JRE', kind: 'image', stack: 'java', recipes: ['jdk', 'jre'], files: java, dockerfile: `FROM eclipse-temurin:17-jdk AS build\nWORKDIR /src\nCOPY src ./src\nRUN ${JAVA_BUILD}\n\nFROM eclipse-temurin:17-jre\nCOPY --from=build /src/app.jar /app/app.jar\nCMD ["java", "-jar", "/app/app.jar"]\n` },
  { name: 'C app, single stage', kind: 'image', stack: 'c', recipes: ['gcc'], files: C_FILES, dockerfile: 'FROM gcc:12-bookworm\nWORKDIR /src\nCOPY . .\nRUN make\nCMD ["./app"]\n' },
  { name: 'C app, split onto distroless cc', kind: 'image', stack: 'c', recipes: ['gcc', 'distroless-cc'], files: C_FILES, dockerfile: 'FROM gcc:12-bookworm AS build\nWORKDIR /src\nCOPY . .\nRUN make\n\nFROM gcr.io/distroless/cc-debian12\nCOPY --from=build /src/app /app\nENTRYPOINT ["/app"]\n' },
];

// --- measuring ------------------------------------------------------------------------------------
export interface MeasuredLayer {
  createdBy: string;
  bytes: number;
}

export interface Measurement {
  name: string;
  kind: SizeScenario['kind'];
  /** Exact bytes of the whole image (sum of its layers, `buildah inspect`). */
  imageBytes: number;
  /** Exact bytes of the final stage's base image. */
  baseBytes: number;
  /**
   * What the Dockerfile added to its final base: `buildah bud` (without --layers) commits one layer
   * for all of a stage's instructions, so for a step scenario (a WORKDIR, a COPY of a few small files
   * and the RUN) this is the step plus a few kB.
   */
  stepBytes: number;
  layers: MeasuredLayer[];
  buildSeconds: number;
}

export const BENCH_DATA = path.join(__dirname, 'data');
export const MEASUREMENTS_FILE = path.join(BENCH_DATA, 'size-measurements.json');

export interface MeasurementsFile {
  /** What made the file and how to remake it. */
  source: string;
  measuredOn: string;
  images: { recipe: string; tags: string[]; standsIn: string; bytes: number }[];
  measurements: Measurement[];
}

/** The base image of the last stage, as written. */
export function finalBase(dockerfile: string): string {
  const froms = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
  return froms[froms.length - 1];
}

export function writeContext(scenario: SizeScenario, dir: string): void {
  if (scenario.dataDir) fs.cpSync(path.join(BENCH_DATA, scenario.dataDir), dir, { recursive: true });
  for (const [name, content] of Object.entries(scenario.files ?? {})) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  fs.writeFileSync(path.join(dir, 'Dockerfile'), scenario.dockerfile);
}

/** The host's CA bundle for RUN steps that use TLS (npm): this machine's egress needs it. Never in a layer. */
function caVolumes(): string[] {
  const bundle = '/etc/ssl/certs/ca-certificates.crt';
  return fs.existsSync(bundle) ? [`${bundle}:${bundle}:ro`] : [];
}

export async function measureScenario(buildah: Buildah, scenario: SizeScenario, index: PythonIndex | undefined, tag: string): Promise<Measurement> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stagecraft-size-scenario-'));
  try {
    writeContext(scenario, dir);
    const started = Date.now();
    await buildah.build({
      dockerfile: 'Dockerfile',
      contextDir: dir,
      tag,
      volumes: scenario.tls ? caVolumes() : [],
      timeoutMs: 1_800_000,
      ...(scenario.pypi && index ? { buildArgs: { PIP_INDEX_URL: index.url, PIP_TRUSTED_HOST: index.host } } : {}),
    });
    const buildSeconds = (Date.now() - started) / 1000;
    const layers = await buildah.layers(tag);
    const imageBytes = layers.reduce((sum, layer) => sum + layer.bytes, 0);
    const baseBytes = await buildah.imageSize(finalBase(scenario.dockerfile));
    return {
      name: scenario.name,
      kind: scenario.kind,
      imageBytes,
      baseBytes,
      stepBytes: imageBytes - baseBytes,
      layers: layers.map((layer) => ({ createdBy: layer.createdBy ?? '', bytes: layer.bytes })),
      buildSeconds,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
