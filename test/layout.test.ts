import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "../offline/engine/stackfile";

/** Every .ts file under `dir` (relative to the repository), node_modules aside. */
function sources(dir: string): string[] {
    const abs = path.join(ROOT, dir);
    if (fs.statSync(abs).isFile()) return [dir];
    return fs.readdirSync(abs, { withFileTypes: true }).flatMap((e) => {
        const rel = path.join(dir, e.name);
        if (e.isDirectory()) return e.name === "node_modules" ? [] : sources(rel);
        return e.name.endsWith(".ts") ? [rel] : [];
    });
}

/** Module specifiers a file imports or requires (static, dynamic and `require`), with the line they sit on. */
function specifiers(file: string): { spec: string; line: number }[] {
    const text = fs.readFileSync(path.join(ROOT, file), "utf8");
    const out: { spec: string; line: number }[] = [];
    const pattern = /(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["']([^"']+)["']/gm;
    for (const m of text.matchAll(pattern)) out.push({ spec: m[1], line: text.slice(0, m.index).split("\n").length });
    return out;
}

const PRODUCTION = ["index.ts", "components", "stacks", "policy", "scripts", "offline"];

/**
 * What a component may import from another layer's folder: reusable building blocks, by name. Anything else two layers
 * share is a name (components/platform-names.ts) or a value index.ts passes along (CONTRIBUTING.md, "Layers").
 */
const SHARED_BUILDING_BLOCKS: Record<string, string[]> = {
    "cluster/pod-identity": ["PodIdentityRole"],
    "cluster/nodes": ["nodeRole"],
    "data/kms": ["KmsKey"],
    "tenancy/network-policies": ["DNS_EGRESS", "namespaceSelector"],
};

/** Named imports and re-exports of a file (`import { a, b as c } from`, `export { a } from`, `import * as x from`). */
function namedImports(text: string): { spec: string; names: string[]; line: number }[] {
    const pattern = /^\s*(?:import|export)\s+(?:type\s+)?(\{[^}]*\}|\*\s+as\s+\w+|\w+)\s+from\s+["']([^"']+)["']/gm;
    return [...text.matchAll(pattern)].map((m) => ({
        spec: m[2],
        names: m[1].startsWith("{")
            ? m[1]
                  .slice(1, -1)
                  .split(",")
                  .map(
                      (n) =>
                          n
                              .trim()
                              .replace(/^type\s+/, "")
                              .split(/\s+as\s+/)[0],
                  )
                  .filter((n) => n.length > 0)
            : [m[1]],
        line: text.slice(0, m.index).split("\n").length,
    }));
}

/** Components importing another layer's folder other than through {@link SHARED_BUILDING_BLOCKS}, as `file:line imports spec { names }`. */
function crossLayerImports(files: string[], read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8")): string[] {
    const components = path.join(ROOT, "components") + path.sep;
    return files.flatMap((file) => {
        const own = path.relative(components, path.join(ROOT, file)).split(path.sep);
        return namedImports(read(file)).flatMap(({ spec, names, line }) => {
            if (!spec.startsWith(".")) return [];
            const target = path.resolve(ROOT, path.dirname(file), spec);
            if (!target.startsWith(components)) return [];
            const parts = path.relative(components, target).split(path.sep);
            // Modules at the root of components/ (platform-names, charts) belong to no layer; a layer's own files are its own.
            if (parts.length < 2 && !fs.existsSync(target + path.sep)) return [];
            if (own.length > 1 && parts[0] === own[0]) return [];
            const allowed = SHARED_BUILDING_BLOCKS[parts.join("/")] ?? [];
            const refused = names.filter((n) => !allowed.includes(n));
            return refused.length > 0 ? [`${file}:${line} imports ${spec} { ${refused.join(", ")} }`] : [];
        });
    });
}

describe("layout", () => {
    it("nothing outside test/ imports test/: the offline engine, synth and cost stand without the tests", () => {
        const testDir = path.join(ROOT, "test") + path.sep;
        const offenders = PRODUCTION.flatMap(sources).flatMap((file) =>
            specifiers(file)
                .filter(({ spec }) => spec.startsWith(".") && path.resolve(ROOT, path.dirname(file), spec).startsWith(testDir))
                .map(({ spec, line }) => `${file}:${line} imports ${spec}`),
        );
        assert.deepStrictEqual(offenders, []);
    });

    it("test/ holds tests, their shared cases and fixtures only", () => {
        const helpers = sources("test").filter((f) => !f.endsWith(".test.ts") && !f.startsWith(`test${path.sep}fixtures${path.sep}`));
        // Shared table data of several test files; no engine code.
        assert.deepStrictEqual(
            helpers.sort(),
            ["test/cluster-fixtures.ts", "test/config-cases.ts", "test/config-new-cases.ts"].map(path.normalize),
        );
    });

    it("only offline/pulumi-internals.ts reaches into @pulumi/pulumi's internals", () => {
        const deep = /^@pulumi\/pulumi\/.+/;
        const offenders = [...PRODUCTION, "test"]
            .flatMap(sources)
            // The internals' own test swaps them out to show each failure is named.
            .filter(
                (file) => ![path.normalize("offline/pulumi-internals.ts"), path.normalize("test/pulumi-internals.test.ts")].includes(file),
            )
            .flatMap((file) =>
                specifiers(file)
                    .filter(({ spec }) => deep.test(spec))
                    .map(({ spec, line }) => `${file}:${line} imports ${spec}`),
            );
        assert.deepStrictEqual(offenders, []);
    });

    it("a component reaches another layer only through platform-names, charts and the listed building blocks", () => {
        assert.deepStrictEqual(crossLayerImports(sources("components")), []);
    });

    it("the cross-layer check names a constant imported from another layer, and lets the building blocks through", () => {
        const rel = path.join("components", "gitops", "probe.ts");
        const probe = [
            'import { PULL_SECRET_NAME } from "../tenancy/pull-secret";',
            'import { PodIdentityRole, podIdentityPolicy } from "../cluster/pod-identity";',
            'export { INGRESS_CLASS as CLASS } from "../edge";',
            'import { INGRESS_CLASS } from "../platform-names";',
            'import { vendoredChart } from "../charts";',
            'import { KmsKey } from "../data/kms";',
            'import { local } from "./flux";',
        ].join("\n");
        assert.deepStrictEqual(
            crossLayerImports([rel], () => probe),
            [
                `${rel}:1 imports ../tenancy/pull-secret { PULL_SECRET_NAME }`,
                `${rel}:2 imports ../cluster/pod-identity { podIdentityPolicy }`,
                `${rel}:3 imports ../edge { INGRESS_CLASS }`,
            ],
        );
    });

    it("platform-names imports nothing, so stacks/ can read the namespace list without loading a component", () => {
        assert.deepStrictEqual(specifiers("components/platform-names.ts"), []);
    });

    it("a name two layers share is written once: its value appears as a literal nowhere else in components/ or index.ts", () => {
        const shared = ["kube-ingress", "docker-hub", "platform-endpoints", "platform-developers", "platform.io/own-ingress-policy"];
        const withoutComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
        const offenders = ["index.ts", ...sources("components")]
            .filter((f) => f !== path.normalize("components/platform-names.ts"))
            .flatMap((file) => {
                const text = withoutComments(fs.readFileSync(path.join(ROOT, file), "utf8"));
                return shared.filter((v) => text.includes(`"${v}"`)).map((v) => `${file} writes "${v}"`);
            });
        assert.deepStrictEqual(offenders, []);
    });
});
