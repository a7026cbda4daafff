import * as yaml from "js-yaml";
import { readTarGz } from "./archive";

/**
 * Which user-supplied values a chart ignores. Helm accepts any values and says nothing about a key no template
 * reads, so a misspelt or outdated key is a setting that silently does nothing. A values path counts as used when
 * the chart declares it (values.yaml; a subchart's under the subchart's name or alias; `global` in any of them), or
 * a template reads it: `.Values.a.b`, `$.Values.a.b`, `index .Values "a" "b"`; a wholesale read (`toYaml`,
 * `toJson`, `tpl`, `include`, `with`, `range`, assignment to a variable, `merge`, `dict`...) uses everything under
 * it, as does a key the chart declares as a free-form map (`podAnnotations: {}`) or leaves null.
 * Relative reads inside `with`/`range` are not resolved: the whole block's subject counts as read.
 */

type Tree = Record<string, unknown>;
type Status = "used" | "ignored" | "descend";

interface ChartModel {
    name: string;
    declared: Tree;
    /** Paths read exactly (`.Values.a.b`, dependency conditions and tags). */
    reads: string[][];
    /** Paths read wholesale (everything under them is used). */
    wholesale: string[][];
    /** Subcharts by the key their values sit under in the parent (alias or name). */
    subcharts: Map<string, ChartModel>;
}

const isMap = (v: unknown): v is Tree => !!v && typeof v === "object" && !Array.isArray(v);
const isPrefix = (prefix: string[], path: string[]) => prefix.length <= path.length && prefix.every((p, i) => p === path[i]);

/** Functions and keywords after which a `.Values` reference is consumed as a whole. */
const WHOLESALE_BEFORE =
    /(?:\b(?:toYaml|toJson|toPrettyJson|toRawJson|tpl|include|template|range|with|merge|mergeOverwrite|deepCopy|mustDeepCopy|dict|list|pick|omit|keys|values|get|hasKey|set|unset|concat|append|prepend|first|last|uniq|compact|fromYaml|default)|:=|=|"[^"]*"|`[^`]*`)\s*\(?\s*$/;
const WHOLESALE_AFTER = /^[^})]*?\|\s*(?:toYaml|toJson|toPrettyJson|toRawJson|tpl|nindent\s+\d+\s*\|\s*toYaml)\b/;
const REFERENCE = /(?:\$[A-Za-z0-9_]*)?\.Values((?:\.[A-Za-z0-9_]+)*)/g;
const INDEX = /\bindex\s+\(?\s*(?:\$[A-Za-z0-9_]*)?\.Values((?:\.[A-Za-z0-9_]+)*)\s*\)?((?:\s+"[^"]*")+)/g;

/** The `.Values` paths a chart's templates read, exactly and wholesale. */
export function templateReads(templates: Iterable<string>): { reads: string[][]; wholesale: string[][] } {
    const reads: string[][] = [];
    const wholesale: string[][] = [];
    for (const source of templates) {
        for (const action of source.match(/\{\{[\s\S]*?\}\}/g) ?? []) {
            if (/^\{\{-?\s*\/\*/.test(action)) continue;
            const indexed = new Set<number>();
            for (const m of action.matchAll(INDEX)) {
                const base = m[1].split(".").filter(Boolean);
                const keys = [...m[2].matchAll(/"([^"]*)"/g)].map((k) => k[1]);
                reads.push([...base, ...keys]);
                indexed.add(m.index! + m[0].indexOf(".Values"));
            }
            for (const m of action.matchAll(REFERENCE)) {
                const at = m.index! + m[0].indexOf(".Values");
                if (indexed.has(at)) continue;
                const path = m[1].split(".").filter(Boolean);
                const before = action.slice(0, m.index!);
                const after = action.slice(m.index! + m[0].length);
                if (WHOLESALE_BEFORE.test(before) || WHOLESALE_AFTER.test(after)) wholesale.push(path);
                else reads.push(path);
            }
        }
    }
    return { reads, wholesale };
}

interface Dependency {
    name: string;
    alias?: string;
    condition?: string;
    tags?: string[];
}

function modelOf(files: Map<string, Buffer>): ChartModel {
    const root = [...files.keys()]
        .map((k) => k.split("/"))
        .filter((p) => p.length === 2 && p[1] === "Chart.yaml")
        .map((p) => p[0])[0];
    const prefix = root === undefined ? "" : `${root}/`;
    const own = new Map([...files].filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
    const chart = (yaml.load(own.get("Chart.yaml")?.toString() ?? "{}") ?? {}) as { name?: string; dependencies?: Dependency[] };
    const declared = (yaml.load(own.get("values.yaml")?.toString() ?? "{}") ?? {}) as Tree;
    const templates = [...own].filter(([k]) => k.startsWith("templates/")).map(([, v]) => v.toString());
    const { reads, wholesale } = templateReads(templates);
    for (const dep of chart.dependencies ?? []) {
        for (const condition of (dep.condition ?? "")
            .split(",")
            .map((c) => c.trim())
            .filter(Boolean))
            reads.push(condition.split("."));
        for (const tag of dep.tags ?? []) reads.push(["tags", tag]);
    }
    const subcharts = new Map<string, ChartModel>();
    const subFiles = new Map<string, Map<string, Buffer>>();
    for (const [path, content] of own) {
        const m = /^charts\/([^/]+)\/(.+)$/.exec(path);
        if (m) {
            if (!subFiles.has(m[1])) subFiles.set(m[1], new Map());
            subFiles.get(m[1])!.set(m[2], content);
        } else if (/^charts\/[^/]+\.tgz$/.test(path)) {
            subFiles.set(path, readTarGz(content));
        }
    }
    for (const sub of subFiles.values()) {
        const model = modelOf(sub);
        const deps = (chart.dependencies ?? []).filter((d) => d.name === model.name);
        for (const key of deps.length ? deps.map((d) => d.alias ?? d.name) : [model.name]) subcharts.set(key, model);
    }
    return { name: chart.name ?? root ?? "", declared, reads, wholesale, subcharts };
}

/** How one chart alone (no subcharts) regards a values path. */
function ownStatus(chart: ChartModel, path: string[], value: unknown): Status {
    if (chart.wholesale.some((w) => isPrefix(w, path))) return "used";
    let node: unknown = chart.declared;
    let declared = true;
    for (let i = 0; i < path.length; i++) {
        if (node === null || (isMap(node) && Object.keys(node).length === 0 && i > 0)) return "used";
        if (!isMap(node) || !(path[i] in node)) {
            declared = false;
            break;
        }
        node = node[path[i]];
    }
    const descends = isMap(value) && Object.keys(value).length > 0;
    if (declared) {
        if (node === null || (isMap(node) && Object.keys(node).length === 0)) return "used";
        return descends ? "descend" : "used";
    }
    if (chart.reads.some((r) => r.length === path.length && isPrefix(r, path))) return descends ? "descend" : "used";
    if (descends && chart.reads.some((r) => isPrefix(path, r))) return "descend";
    return "ignored";
}

function allCharts(chart: ChartModel): ChartModel[] {
    return [chart, ...[...chart.subcharts.values()].flatMap(allCharts)];
}

/** A chart and its subcharts: a subchart sees its key's values, and every chart sees `global`. */
function status(chart: ChartModel, path: string[], value: unknown): Status {
    const results: Status[] = [ownStatus(chart, path, value)];
    if (path[0] === "global")
        results.push(
            ...allCharts(chart)
                .slice(1)
                .map((c) => ownStatus(c, path, value)),
        );
    const sub = chart.subcharts.get(path[0]);
    if (sub && path.length > 1) results.push(status(sub, path.slice(1), value));
    if (sub && path.length === 1) results.push(isMap(value) && Object.keys(value).length > 0 ? "descend" : "used");
    if (results.includes("used")) return "used";
    return results.includes("descend") ? "descend" : "ignored";
}

function walk(chart: ChartModel, values: Tree, prefix: string[], out: string[]): void {
    for (const [key, value] of Object.entries(values)) {
        const path = [...prefix, key];
        const s = status(chart, path, value);
        if (s === "ignored") out.push(path.join("."));
        else if (s === "descend") walk(chart, value as Tree, path, out);
    }
}

/** A chart as an archive path, archive bytes, or its files (paths relative to the chart, or under one top folder). */
export type ChartSource = string | Buffer | Map<string, Buffer | string> | Record<string, Buffer | string>;

function filesOf(source: ChartSource): Map<string, Buffer> {
    if (typeof source === "string" || Buffer.isBuffer(source)) return readTarGz(source);
    const entries = source instanceof Map ? [...source] : Object.entries(source);
    return new Map(entries.map(([k, v]) => [k, Buffer.isBuffer(v) ? v : Buffer.from(v)]));
}

/**
 * Each values path in `values` that the chart neither declares nor reads (dot-joined, e.g. `controller.sevice.type`),
 * outermost first: a whole unknown subtree is one entry.
 */
export function ignoredValueKeys(chart: ChartSource, values: Record<string, unknown>): string[] {
    const out: string[] = [];
    walk(modelOf(filesOf(chart)), values, [], out);
    return out;
}
