import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
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

describe("layout", () => {
    it("nothing outside test/ imports test/: the offline engine, synth and cost stand without the tests", () => {
        const testDir = path.join(ROOT, "test") + path.sep;
        const offenders = PRODUCTION.flatMap(sources).flatMap((file) =>
            specifiers(file)
                .filter(({ spec }) => spec.startsWith(".") && path.resolve(ROOT, path.dirname(file), spec).startsWith(testDir))
                .map(({ spec, line }) => `${file}:${line} imports ${spec}`));
        assert.deepStrictEqual(offenders, []);
    });

    it("test/ holds tests, their shared cases and fixtures only", () => {
        const helpers = sources("test").filter((f) => !f.endsWith(".test.ts") && !f.startsWith(`test${path.sep}fixtures${path.sep}`));
        // Shared table data of several test files; no engine code.
        assert.deepStrictEqual(helpers.sort(), ["test/cluster-fixtures.ts", "test/config-cases.ts", "test/config-new-cases.ts"].map(path.normalize));
    });

    it("only offline/pulumi-internals.ts reaches into @pulumi/pulumi's internals", () => {
        const deep = /^@pulumi\/pulumi\/.+/;
        const offenders = [...PRODUCTION, "test"].flatMap(sources)
            // The internals' own test swaps them out to show each failure is named.
            .filter((file) => ![path.normalize("offline/pulumi-internals.ts"), path.normalize("test/pulumi-internals.test.ts")].includes(file))
            .flatMap((file) => specifiers(file).filter(({ spec }) => deep.test(spec)).map(({ spec, line }) => `${file}:${line} imports ${spec}`));
        assert.deepStrictEqual(offenders, []);
    });
});
