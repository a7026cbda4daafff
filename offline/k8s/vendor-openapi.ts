/**
 * Rebuilds schemas/kubernetes/<minor>/ from the OpenAPI v3 documents kubernetes-sigs/kubectl-validate vendors per
 * Kubernetes minor (pkg/openapiclient/builtins/<minor>/), read from a git clone of that repository:
 *
 *   npx tsx offline/k8s/vendor-openapi.ts --git-dir <kubectl-validate>/.git --commit <sha> --minor 1.35
 *
 * Only group versions a cluster serves by default are kept (no alpha or beta: since Kubernetes 1.24 new beta APIs
 * are off unless enabled, and EKS enables none). Descriptions and defaults are dropped (validation needs neither);
 * what stays is one gzipped JSON of the definitions plus an index of the creatable kinds.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { gzipSync } from "node:zlib";

const SOURCE_REPO = "https://github.com/kubernetes-sigs/kubectl-validate";
const ROOT = path.resolve(__dirname, "..", "..");

type Json = any;

function arg(name: string): string {
    const i = process.argv.indexOf(`--${name}`);
    if (i < 0 || !process.argv[i + 1]) throw new Error(`missing --${name}`);
    return process.argv[i + 1];
}

/** Schema-level keys validation does not read. Only dropped from schema nodes, never from a `properties` map. */
const DROPPED = new Set([
    "description",
    "default",
    "example",
    "x-kubernetes-patch-merge-key",
    "x-kubernetes-patch-strategy",
    "x-kubernetes-unions",
]);

function strip(schema: Json): Json {
    if (!schema || typeof schema !== "object" || Array.isArray(schema)) return schema;
    const out: Json = {};
    for (const [key, value] of Object.entries(schema)) {
        if (DROPPED.has(key)) continue;
        if (key === "properties") out.properties = Object.fromEntries(Object.entries(value as Json).map(([p, s]) => [p, strip(s)]));
        else if (key === "items" || key === "additionalProperties" || key === "not") out[key] = strip(value);
        else if (key === "allOf" || key === "oneOf" || key === "anyOf") out[key] = (value as Json[]).map(strip);
        else out[key] = value;
    }
    return out;
}

const isGa = (version: string) => /^v\d+$/.test(version);

function main(): void {
    const gitDir = arg("git-dir");
    const commit = arg("commit");
    const minor = arg("minor");
    const base = `pkg/openapiclient/builtins/${minor}`;
    const git = (...args: string[]) => execFileSync("git", [`--git-dir=${gitDir}`, ...args], { maxBuffer: 1 << 28 });
    const files = git("ls-tree", "-r", "--name-only", commit, base)
        .toString()
        .trim()
        .split("\n")
        .filter((f) => f.endsWith(".json") && isGa(path.basename(f, ".json")));
    const definitions: Record<string, Json> = {};
    const kinds: Record<string, { definition: string; namespaced: boolean }> = {};
    const sources: { path: string; sha256: string }[] = [];
    for (const file of files.sort()) {
        const raw = git("show", `${commit}:${file}`);
        sources.push({ path: file, sha256: createHash("sha256").update(raw).digest("hex") });
        const doc = JSON.parse(raw.toString());
        for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
            const stripped = strip(schema);
            if (definitions[name] && JSON.stringify(definitions[name]) !== JSON.stringify(stripped)) {
                throw new Error(`${name} differs between documents (${file})`);
            }
            definitions[name] = stripped;
        }
        // A creatable kind is one with a collection POST (no {name}: those are subresources such as eviction).
        for (const [route, item] of Object.entries(doc.paths ?? {}) as [string, Json][]) {
            const post = item.post;
            if (post?.["x-kubernetes-action"] !== "post" || route.includes("{name}")) continue;
            const gvk = post["x-kubernetes-group-version-kind"];
            const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
            const definition = Object.keys(doc.components.schemas).find((n) =>
                (doc.components.schemas[n]["x-kubernetes-group-version-kind"] ?? []).some(
                    (g: Json) => g.group === gvk.group && g.version === gvk.version && g.kind === gvk.kind,
                ),
            );
            if (!definition) throw new Error(`no definition for ${apiVersion} ${gvk.kind}`);
            const key = `${apiVersion}/${gvk.kind}`;
            kinds[key] = { definition, namespaced: (kinds[key]?.namespaced ?? false) || route.includes("{namespace}") };
        }
    }
    const outDir = path.join(ROOT, "schemas", "kubernetes", minor);
    fs.mkdirSync(outDir, { recursive: true });
    const bundle = gzipSync(Buffer.from(JSON.stringify({ kubernetes: minor, kinds, definitions })), { level: 9 });
    fs.writeFileSync(path.join(outDir, "openapi.json.gz"), bundle);
    const lock = {
        kubernetes: minor,
        source: { repository: SOURCE_REPO, commit, path: base },
        note: "GA group versions only; descriptions and defaults removed; see offline/k8s/vendor-openapi.ts",
        output: { file: "openapi.json.gz", sha256: createHash("sha256").update(bundle).digest("hex"), bytes: bundle.length },
        sources,
    };
    fs.writeFileSync(path.join(outDir, "lock.json"), `${JSON.stringify(lock, null, 2)}\n`);
    console.log(`${Object.keys(kinds).length} kinds, ${Object.keys(definitions).length} definitions, ${bundle.length} bytes`);
}

main();
