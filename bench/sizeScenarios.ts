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

/** A larger C program: a key-value store with a hash table, a line protocol and a log (five objects). */
const C_KV_FILES: Record<string, string> = {
  'Makefile': 'CFLAGS ?= -O2 -Wall -g\nOBJS = main.o table.o proto.o log.o util.o\n\nkv: $(OBJS)\n\t$(CC) $(CFLAGS) -o $@ $(OBJS)\n\nclean:\n\trm -f kv $(OBJS)\n',
  'kv.h': `#include <stddef.h>
typedef struct entry { char *key; char *value; struct entry *next; } entry;
typedef struct { entry **buckets; size_t size; size_t count; } table;
table *table_new(size_t size);
void table_free(table *t);
int table_set(table *t, const char *key, const char *value);
const char *table_get(const table *t, const char *key);
int table_del(table *t, const char *key);
void table_each(const table *t, void (*fn)(const char *, const char *, void *), void *arg);
int proto_handle(table *t, char *line, char *out, size_t cap);
void log_open(const char *path);
void log_line(const char *fmt, ...);
void log_close(void);
unsigned long hash_str(const char *s);
char *dup_str(const char *s);
char *trim(char *s);
`,
  'table.c': `#include <stdlib.h>
#include <string.h>
#include "kv.h"
table *table_new(size_t size) { table *t = calloc(1, sizeof *t); t->buckets = calloc(size, sizeof *t->buckets); t->size = size; return t; }
static void grow(table *t) {
  size_t size = t->size * 2; entry **buckets = calloc(size, sizeof *buckets);
  for (size_t i = 0; i < t->size; i++) for (entry *e = t->buckets[i], *n; e; e = n) { n = e->next; size_t j = hash_str(e->key) % size; e->next = buckets[j]; buckets[j] = e; }
  free(t->buckets); t->buckets = buckets; t->size = size;
}
int table_set(table *t, const char *key, const char *value) {
  size_t i = hash_str(key) % t->size;
  for (entry *e = t->buckets[i]; e; e = e->next) if (!strcmp(e->key, key)) { free(e->value); e->value = dup_str(value); return 0; }
  entry *e = malloc(sizeof *e); e->key = dup_str(key); e->value = dup_str(value); e->next = t->buckets[i]; t->buckets[i] = e;
  if (++t->count > t->size * 3 / 4) grow(t);
  return 1;
}
const char *table_get(const table *t, const char *key) {
  for (entry *e = t->buckets[hash_str(key) % t->size]; e; e = e->next) if (!strcmp(e->key, key)) return e->value;
  return NULL;
}
int table_del(table *t, const char *key) {
  for (entry **p = &t->buckets[hash_str(key) % t->size]; *p; p = &(*p)->next)
    if (!strcmp((*p)->key, key)) { entry *e = *p; *p = e->next; free(e->key); free(e->value); free(e); t->count--; return 1; }
  return 0;
}
void table_each(const table *t, void (*fn)(const char *, const char *, void *), void *arg) {
  for (size_t i = 0; i < t->size; i++) for (entry *e = t->buckets[i]; e; e = e->next) fn(e->key, e->value, arg);
}
void table_free(table *t) {
  for (size_t i = 0; i < t->size; i++) for (entry *e = t->buckets[i], *n; e; e = n) { n = e->next; free(e->key); free(e->value); free(e); }
  free(t->buckets); free(t);
}
`,
  'proto.c': `#include <stdio.h>
#include <string.h>
#include "kv.h"
struct dump { char *out; size_t cap, used; };
static void dump_one(const char *k, const char *v, void *arg) {
  struct dump *d = arg; int n = snprintf(d->out + d->used, d->cap - d->used, "%s=%s\\n", k, v);
  if (n > 0 && d->used + (size_t)n < d->cap) d->used += (size_t)n;
}
int proto_handle(table *t, char *line, char *out, size_t cap) {
  char *cmd = strtok(trim(line), " "), *key = strtok(NULL, " "), *value = strtok(NULL, "");
  if (!cmd) return snprintf(out, cap, "ERR empty\\n");
  if (!strcmp(cmd, "SET") && key && value) { log_line("set %s", key); return snprintf(out, cap, table_set(t, key, value) ? "CREATED\\n" : "UPDATED\\n"); }
  if (!strcmp(cmd, "GET") && key) { const char *v = table_get(t, key); return snprintf(out, cap, v ? "%s\\n" : "NONE\\n", v); }
  if (!strcmp(cmd, "DEL") && key) { log_line("del %s", key); return snprintf(out, cap, table_del(t, key) ? "DELETED\\n" : "NONE\\n"); }
  if (!strcmp(cmd, "DUMP")) { struct dump d = { out, cap, 0 }; out[0] = 0; table_each(t, dump_one, &d); return (int)d.used; }
  if (!strcmp(cmd, "COUNT")) return snprintf(out, cap, "%zu\\n", t->count);
  return snprintf(out, cap, "ERR unknown %s\\n", cmd);
}
`,
  'log.c': `#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include "kv.h"
static FILE *log_file;
void log_open(const char *path) { log_file = path ? fopen(path, "a") : NULL; }
void log_line(const char *fmt, ...) {
  if (!log_file) return;
  char stamp[32]; time_t now = time(NULL); strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", gmtime(&now));
  va_list args; va_start(args, fmt); fprintf(log_file, "%s ", stamp); vfprintf(log_file, fmt, args); fputc('\\n', log_file); va_end(args);
}
void log_close(void) { if (log_file) fclose(log_file); }
`,
  'util.c': `#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "kv.h"
unsigned long hash_str(const char *s) { unsigned long h = 5381; while (*s) h = h * 33 ^ (unsigned char)*s++; return h; }
char *dup_str(const char *s) { size_t n = strlen(s) + 1; char *d = malloc(n); memcpy(d, s, n); return d; }
char *trim(char *s) { while (isspace((unsigned char)*s)) s++; char *e = s + strlen(s); while (e > s && isspace((unsigned char)e[-1])) *--e = 0; return s; }
`,
  'main.c': `#include <stdio.h>
#include <stdlib.h>
#include "kv.h"
int main(int argc, char **argv) {
  table *t = table_new(16); char line[4096], out[65536];
  log_open(getenv("KV_LOG"));
  if (argc > 1) { for (int i = 1; i < argc; i++) { snprintf(line, sizeof line, "%s", argv[i]); proto_handle(t, line, out, sizeof out); fputs(out, stdout); } }
  else while (fgets(line, sizeof line, stdin)) { proto_handle(t, line, out, sizeof out); fputs(out, stdout); fflush(stdout); }
  log_close(); table_free(t); return 0;
}
`,
};
/** More Java: an enum, a record, an interface with implementations, inner and anonymous classes, lambdas. */
const JAVA_MORE: Record<string, string> = {
  'src/com/example/shop/Money.java': 'package com.example.shop;\n\npublic record Money(long cents, String currency) {\n    public Money plus(Money other) {\n        if (!currency.equals(other.currency)) throw new IllegalArgumentException("currency");\n        return new Money(cents + other.cents, currency);\n    }\n    public Money times(int n) { return new Money(cents * n, currency); }\n    @Override public String toString() { return String.format("%d.%02d %s", cents / 100, cents % 100, currency); }\n}\n',
  'src/com/example/shop/Category.java': 'package com.example.shop;\n\npublic enum Category {\n    BOOKS(0), FOOD(7), TOOLS(19), TOYS(19);\n    private final int vatPercent;\n    Category(int vatPercent) { this.vatPercent = vatPercent; }\n    public int vatPercent() { return vatPercent; }\n}\n',
  'src/com/example/shop/Item.java': 'package com.example.shop;\n\npublic record Item(String sku, String name, Category category, Money price) {}\n',
  'src/com/example/shop/Pricing.java': 'package com.example.shop;\n\npublic interface Pricing {\n    Money price(Item item, int quantity);\n\n    static Pricing standard() { return (item, quantity) -> item.price().times(quantity); }\n\n    static Pricing bulk(int threshold, int percentOff) {\n        return new Pricing() {\n            @Override public Money price(Item item, int quantity) {\n                Money full = item.price().times(quantity);\n                return quantity < threshold ? full : new Money(full.cents() * (100 - percentOff) / 100, full.currency());\n            }\n        };\n    }\n}\n',
  'src/com/example/shop/Cart.java': 'package com.example.shop;\n\nimport java.util.*;\nimport java.util.stream.*;\n\npublic final class Cart {\n    public static final class Line {\n        final Item item; int quantity;\n        Line(Item item, int quantity) { this.item = item; this.quantity = quantity; }\n    }\n    private final Map<String, Line> lines = new LinkedHashMap<>();\n    private final Pricing pricing;\n    public Cart(Pricing pricing) { this.pricing = pricing; }\n    public void add(Item item, int quantity) { lines.computeIfAbsent(item.sku(), k -> new Line(item, 0)).quantity += quantity; }\n    public boolean remove(String sku) { return lines.remove(sku) != null; }\n    public Money subtotal() { return lines.values().stream().map(l -> pricing.price(l.item, l.quantity)).reduce(new Money(0, "EUR"), Money::plus); }\n    public Money vat() { return lines.values().stream().map(l -> { Money m = pricing.price(l.item, l.quantity); return new Money(m.cents() * l.item.category().vatPercent() / 100, m.currency()); }).reduce(new Money(0, "EUR"), Money::plus); }\n    public Map<Category, Long> countByCategory() { return lines.values().stream().collect(Collectors.groupingBy(l -> l.item.category(), TreeMap::new, Collectors.summingLong(l -> l.quantity))); }\n    public List<String> receipt() { return lines.values().stream().map(l -> l.quantity + " x " + l.item.name() + " = " + pricing.price(l.item, l.quantity)).collect(Collectors.toList()); }\n}\n',
  'src/com/example/shop/Catalog.java': 'package com.example.shop;\n\nimport java.util.*;\n\npublic final class Catalog {\n    private final Map<String, Item> items = new HashMap<>();\n    public Catalog add(String sku, String name, Category category, long cents) { items.put(sku, new Item(sku, name, category, new Money(cents, "EUR"))); return this; }\n    public Optional<Item> find(String sku) { return Optional.ofNullable(items.get(sku)); }\n    public List<Item> search(String text) {\n        List<Item> found = new ArrayList<>();\n        for (Item item : items.values()) if (item.name().toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT))) found.add(item);\n        found.sort(Comparator.comparing(Item::name));\n        return found;\n    }\n    public static Catalog demo() {\n        return new Catalog().add("b1", "Dune", Category.BOOKS, 1299).add("f1", "Coffee", Category.FOOD, 899).add("t1", "Hammer", Category.TOOLS, 2450).add("y1", "Kite", Category.TOYS, 1575);\n    }\n}\n',
  'src/com/example/shop/Main.java': 'package com.example.shop;\n\npublic class Main {\n    public static void main(String[] args) {\n        Catalog catalog = Catalog.demo();\n        Cart cart = new Cart(args.length > 0 && args[0].equals("--bulk") ? Pricing.bulk(3, 10) : Pricing.standard());\n        catalog.find("b1").ifPresent(item -> cart.add(item, 2));\n        catalog.find("t1").ifPresent(item -> cart.add(item, 3));\n        catalog.search("co").forEach(item -> cart.add(item, 1));\n        cart.receipt().forEach(System.out::println);\n        System.out.println("subtotal " + cart.subtotal() + ", vat " + cart.vat() + ", " + cart.countByCategory());\n    }\n}\n',
};
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
  // A second production lock (fastify, axios, lodash, pg, zod, dotenv), and typescript alone (the heavy dev tool).
  { name: 'npm ci --omit=dev (fastify axios lodash pg zod dotenv), cache kept', kind: 'npm', recipes: ['node'], dataDir: 'npm-api', tls: true, dockerfile: 'FROM node:18-bookworm\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\n' },
  { name: 'npm ci --omit=dev (fastify axios lodash pg zod dotenv) && npm cache clean', kind: 'npm', recipes: ['node'], dataDir: 'npm-api', tls: true, dockerfile: 'FROM node:18-bookworm\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev && npm cache clean --force\n' },
  { name: 'npm ci (typescript only), cache kept', kind: 'npm', recipes: ['node'], dataDir: 'npm-typescript', tls: true, dockerfile: 'FROM node:18-bookworm\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\n' },
  { name: 'npm ci (typescript only) && npm cache clean', kind: 'npm', recipes: ['node'], dataDir: 'npm-typescript', tls: true, dockerfile: 'FROM node:18-bookworm\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci && npm cache clean --force\n' },
  // Held out: a lock scripts/npm-package-sizes.ts does not read (its packages are not in the measured table).
  { name: 'npm ci --omit=dev, held-out lock (mongoose jsonwebtoken bcryptjs winston cors helmet date-fns), cache kept', kind: 'npm', recipes: ['node'], dataDir: 'heldout-npm-api', tls: true, dockerfile: 'FROM node:18-bookworm\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\n' },
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
  { name: 'javac + jar (seven classes: records, an enum, lambdas)', kind: 'jar', recipes: ['jdk'], files: JAVA_MORE, dockerfile: `FROM eclipse-temurin:17-jdk\nWORKDIR /src\nCOPY src ./src\nRUN mkdir -p out && javac -d out $(find src -name "*.java") && jar --create --file app.jar --main-class com.example.shop.Main -C out .\n` },
  { name: 'javac + jar', kind: 'jar', recipes: ['jdk'], files: java, dockerfile: `FROM eclipse-temurin:17-jdk\nWORKDIR /src\nCOPY src ./src\nRUN ${JAVA_BUILD}\n` },
  { name: 'make (C, three objects)', kind: 'make', recipes: ['gcc'], files: C_FILES, dockerfile: 'FROM gcc:12-bookworm\nWORKDIR /src\nCOPY . .\nRUN make\n' },
  { name: 'make (C key-value store, five objects, -g)', kind: 'make', recipes: ['gcc'], files: C_KV_FILES, dockerfile: 'FROM gcc:12-bookworm\nWORKDIR /src\nCOPY . .\nRUN make\n' },

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
  /** When it was measured (ISO): two runs merging into the file keep the newer measurement. */
  measuredAt?: string;
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
      measuredAt: new Date().toISOString(),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
