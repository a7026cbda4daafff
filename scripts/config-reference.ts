/**
 * Prints the config reference as Markdown: every key of every structured config object, its type, and its default
 * per tier as stacks/ actually resolves it (a minimal stack loaded for each tier). The README embeds the output
 * between markers, and test/readme.test.ts fails when the two drift apart.
 *   npm run config-reference
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ConfigSource, loadStackConfig } from "../stacks/load";
import { OPTIONAL_SECRETS, REQUIRED_SECRETS, layerSchemas } from "../stacks/schema";
import { PlatformConfig, TIERS, Tier } from "../stacks/types";
import { minimalStackConfig } from "../offline/engine/minimal-stack";

export const BEGIN = "<!-- config-reference:begin (npm run config-reference) -->";
export const END = "<!-- config-reference:end -->";

const REQUIRED = new Set(["gitops.repoUrl", "dockerHub.username"]);
/** Keys only some tiers must set. */
const REQUIRED_IN: Record<string, Tier[]> = { "cluster.publicAccessCidrs": ["prod"] };

function minimalStack(tier: Tier): PlatformConfig {
    const values = minimalStackConfig(tier);
    const source: ConfigSource = { project: "platform", stack: tier, values, isSecret: () => true, secret: (k) => pulumi.secret(values[`platform:${k}`]) };
    return loadStackConfig(source);
}

function typeOf(schema: any): string {
    const def = schema?._zod?.def;
    if (!def) return "?";
    switch (def.type) {
        case "optional": case "default": return typeOf(def.innerType);
        case "number": return "integer";
        case "string": return "string";
        case "boolean": return "boolean";
        case "enum": return Object.values(def.entries).map((v) => `\`${v}\``).join(" \\| ");
        case "array": return `list of ${typeOf(def.element)}`;
        case "record": return "map of string";
        case "object": return "object";
        default: return def.type;
    }
}

const show = (v: unknown): string => {
    if (v === undefined) return "—";
    const text = typeof v === "string" ? v : JSON.stringify(v);
    return `\`${text.length > 60 ? `${text.slice(0, 57)}...` : text}\``.replace(/\|/g, "\\|");
};

/** Rows for every leaf of a schema object: [path, schema]. Node groups are one row (a list of objects). */
function leaves(schema: any, path: string[]): [string[], any][] {
    const inner = schema?._zod?.def?.innerType ?? schema;
    const shape = inner?._zod?.def?.type === "object" ? inner._zod.def.shape : undefined;
    if (!shape) return [[path, schema]];
    return Object.entries(shape).flatMap(([k, v]) => leaves(v, [...path, k]));
}

export function configReference(): string {
    const tiers = Object.fromEntries(TIERS.map((t) => [t, minimalStack(t)])) as Record<Tier, PlatformConfig>;
    const lines = [BEGIN, "", "| key | type | dev | staging | prod |", "|---|---|---|---|---|"];
    lines.push("| `aws:region` | string | required | required | required |");
    lines.push("| `platform:environment` | `dev` \\| `staging` \\| `prod` | required | required | required |");
    lines.push("| `platform:domain` | string (bare DNS name) | required | required | required |");
    lines.push(`| \`platform:protect\` | boolean | ${TIERS.map((t) => show(tiers[t].protect)).join(" | ")} |`);
    for (const [layer, schema] of Object.entries(layerSchemas)) {
        if (layer === "tags") {
            lines.push("| `platform:tags` | map of string | `{}` | `{}` | `{}` |");
            continue;
        }
        for (const [path, leaf] of leaves(schema as z.ZodTypeAny, [layer])) {
            const key = path.join(".");
            const value = (t: Tier) => path.reduce<any>((o, p) => (o === undefined ? undefined : o[p]), tiers[t]);
            const cells = REQUIRED.has(key) ? ["required", "required", "required"]
                : TIERS.map((t) => (REQUIRED_IN[key]?.includes(t) ? "required" : show(value(t))));
            lines.push(`| \`platform:${key}\` | ${typeOf(leaf)} | ${cells.join(" | ")} |`);
        }
    }
    for (const key of REQUIRED_SECRETS) lines.push(`| \`platform:${key}\` | secret string | required | required | required |`);
    for (const key of OPTIONAL_SECRETS) lines.push(`| \`platform:${key}\` | secret ${key === "hydraRetiredSystemSecrets" ? "JSON list" : "string"} | optional | optional | optional |`);
    lines.push("", END);
    return lines.join("\n");
}

if (require.main === module) console.log(configReference());
