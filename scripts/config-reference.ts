/**
 * Generates, from the key registry (stacks/keys/), the README's config reference (every key, its type, its
 * description and its default per tier as stacks/ actually resolves it: a minimal stack loaded for each tier) and
 * Pulumi.yaml's `template:` section (what `pulumi new` prompts with). test/readme.test.ts and test/config-keys.test.ts
 * fail when either drifts from the registry.
 *   npm run config-reference             prints the README table
 *   npm run config-reference -- --write  rewrites both files in place
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { EXTERNAL, type Fields, type Group, type Key, LAYERS, SCALARS, SECRETS, type ScalarKey, TAGS } from "../stacks/keys";
import { type PlatformConfig, TIERS, type Tier } from "../stacks/types";
import { loadMinimalStack } from "../offline/engine/minimal-stack";

export const BEGIN = "<!-- config-reference:begin (npm run config-reference) -->";
export const END = "<!-- config-reference:end -->";
/** Pulumi.yaml's generated part runs from this line to the end of the file. */
export const TEMPLATE_BEGIN =
    "# Generated from stacks/keys/ by `npm run config-reference -- --write`; test/config-keys.test.ts keeps it in sync.";

function typeOf(schema: any): string {
    const def = schema?._zod?.def;
    if (!def) return "?";
    switch (def.type) {
        case "optional":
        case "default":
            return typeOf(def.innerType);
        case "number":
            return "integer";
        case "string":
            return "string";
        case "boolean":
            return "boolean";
        case "enum":
            return Object.values(def.entries)
                .map((v) => `\`${v}\``)
                .join(" \\| ");
        case "array":
            return `list of ${typeOf(def.element)}`;
        case "record":
            return "map of string";
        case "object":
            return "object";
        default:
            return def.type;
    }
}

const show = (v: unknown): string => {
    if (v === undefined) return "—";
    const text = typeof v === "string" ? v : JSON.stringify(v);
    return `\`${text.length > 60 ? `${text.slice(0, 57)}...` : text}\``.replace(/\|/g, "\\|");
};
const cell = (text: string) => text.replace(/\|/g, "\\|");

/** Every key of a group, nested groups flattened: [path, declaration]. */
export function leafKeys(fields: Fields, prefix: string[]): [string[], Key][] {
    return Object.entries(fields).flatMap(([name, entry]): [string[], Key][] =>
        entry.kind === "group" ? leafKeys((entry as Group).fields, [...prefix, name]) : [[[...prefix, name], entry as Key]],
    );
}

function describe(key: Key): string {
    const how = key.derived
        ? ` Default: ${key.derived}.`
        : key.kind === "optional" && key.default === undefined
          ? " Unset by default."
          : "";
    return cell(key.description + how);
}

export function configReference(): string {
    const tiers = Object.fromEntries(TIERS.map((t) => [t, loadMinimalStack(t)])) as Record<Tier, PlatformConfig>;
    const lines = [BEGIN, "", "| key | type | description | dev | staging | prod |", "|---|---|---|---|---|---|"];
    const required = ["required", "required", "required"];
    const scalar = (name: string, s: ScalarKey, cells: string[]) =>
        lines.push(`| \`${name}\` | ${s.type} | ${cell(s.description)} | ${cells.join(" | ")} |`);
    for (const [name, s] of Object.entries(EXTERNAL)) scalar(name, s, required);
    for (const [name, s] of Object.entries(SCALARS) as [keyof typeof SCALARS, ScalarKey][]) {
        scalar(`platform:${name}`, s, s.default ? TIERS.map((t) => show((tiers[t] as any)[name])) : required);
    }
    for (const [layer, group] of Object.entries(LAYERS)) {
        for (const [keyPath, key] of leafKeys(group.fields, [layer])) {
            const value = (t: Tier) => keyPath.reduce<any>((o, p) => (o === undefined ? undefined : o[p]), tiers[t]);
            const cells =
                key.kind === "required" ? required : TIERS.map((t) => (key.requiredIn?.includes(t) ? "required" : show(value(t))));
            lines.push(`| \`platform:${keyPath.join(".")}\` | ${typeOf(key.schema)} | ${describe(key)} | ${cells.join(" | ")} |`);
        }
    }
    lines.push(`| \`platform:tags\` | map of string | ${cell(TAGS.description)} | \`{}\` | \`{}\` | \`{}\` |`);
    for (const [name, s] of Object.entries(SECRETS)) {
        const need = s.required ? "required" : "optional";
        lines.push(
            `| \`platform:${name}\` | secret ${"list" in s && s.list ? "JSON list" : "string"} | ${cell(s.description)} | ${need} | ${need} | ${need} |`,
        );
    }
    lines.push("", END);
    return lines.join("\n");
}

/** A group's keys as one line: `a, b (required), c {d, e}`. */
function fieldList(fields: Fields): string {
    return Object.entries(fields)
        .map(([name, entry]) =>
            entry.kind === "group"
                ? `${name} {${fieldList((entry as Group).fields)}}`
                : `${name}${entry.kind === "required" ? " (required)" : ""}`,
        )
        .join(", ");
}

/**
 * Pulumi.yaml's `template:` section. Template config takes `description`, `default` and `secret` per key: declaring
 * the keys in the project's own `config:` instead would make every key without a default mandatory for every stack,
 * and structured values have no type there. Layer keys are objects: their description lists their fields.
 */
export function pulumiTemplate(): string {
    const entries: [string, { description: string; default?: string; secret?: boolean }][] = [
        ...Object.entries(EXTERNAL).map(([k, s]): [string, any] => [k, { description: s.description, default: s.example }]),
        ...Object.entries(SCALARS).map(([k, s]): [string, any] => [
            `platform:${k}`,
            { description: s.description, ...(k === "environment" ? { default: (s as ScalarKey).example } : {}) },
        ]),
        ...Object.entries(LAYERS).map(([k, g]): [string, any] => [
            `platform:${k}`,
            { description: `${g.description}: ${fieldList(g.fields)}. See the README's config reference.` },
        ]),
        ["platform:tags", { description: TAGS.description }],
        ...Object.entries(SECRETS).map(([k, s]): [string, any] => [
            `platform:${k}`,
            { description: `${s.required ? "Required" : "Optional"} secret: ${s.description}`, secret: true },
        ]),
    ];
    const lines = [TEMPLATE_BEGIN, "template:", "  description: A new environment of the platform.", "  config:"];
    for (const [key, v] of entries) {
        lines.push(`    ${key}:`, `      description: ${JSON.stringify(v.description)}`);
        if (v.default !== undefined) lines.push(`      default: ${v.default}`);
        if (v.secret) lines.push("      secret: true");
    }
    return `${lines.join("\n")}\n`;
}

export const ROOT = path.join(__dirname, "..");

/** Pulumi.yaml with its generated part replaced. */
export function withTemplate(pulumiYaml: string): string {
    const at = pulumiYaml.indexOf(TEMPLATE_BEGIN);
    if (at < 0) throw new Error(`Pulumi.yaml has no line "${TEMPLATE_BEGIN}"`);
    return pulumiYaml.slice(0, at) + pulumiTemplate();
}

/** README with its reference replaced. */
export function withReference(readme: string): string {
    const start = readme.indexOf(BEGIN);
    const end = readme.indexOf(END);
    if (start < 0 || end < start) throw new Error("README.md has no config reference markers");
    return readme.slice(0, start) + configReference() + readme.slice(end + END.length);
}

if (require.main === module) {
    if (process.argv.includes("--write")) {
        for (const [file, update] of [
            ["README.md", withReference],
            ["Pulumi.yaml", withTemplate],
        ] as const) {
            const p = path.join(ROOT, file);
            fs.writeFileSync(p, update(fs.readFileSync(p, "utf8")));
        }
    } else {
        console.log(configReference());
    }
}
