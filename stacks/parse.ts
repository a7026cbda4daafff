import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { type Fix, type Problem, missing, note, problem } from "./messages";
import { checkSecretValue } from "./rules";
import {
    type LayerKey,
    OPTIONAL_SECRETS,
    type RawLayers,
    REQUIRED_LAYERS,
    REQUIRED_SECRETS,
    SCALAR_KEYS,
    type SecretKey,
    layerSchemas,
    schemaAt,
} from "./schema";
import type { PlatformSecrets } from "./types";

/** Reading the stack's raw config: top-level keys, structured layers through their zod schemas, secrets. */

export const NS = "platform";

/** Where config comes from: Pulumi's config in a real run, the same API under mocks in tests and synth. */
export interface ConfigSource {
    project: string;
    stack: string;
    /** All config values by full key ("platform:network", "aws:region"), as Pulumi holds them (strings). */
    values: Record<string, string>;
    isSecret(fullKey: string): boolean;
    /** The secret as an Output (requireSecret in a real run). */
    secret(key: SecretKey): pulumi.Output<string>;
}

const HOW_TO_SET_LAYER = (layer: string, example: string) =>
    `Set it in Pulumi.<stack>.yaml under ${NS}:${layer}, or with: pulumi config set --path ${NS}:${layer}.${example}`;

const KNOWN_TOP_LEVEL = [...SCALAR_KEYS, ...Object.keys(layerSchemas), ...REQUIRED_SECRETS, ...OPTIONAL_SECRETS];

/**
 * Config namespaces a stack of this program may hold: its own, Pulumi's, and those of the providers it uses. Pulumi hands
 * every key of the stack to the program, so a typo in the namespace (`platfrom:protect`) is seen here, not dropped.
 */
export const KNOWN_NAMESPACES = [NS, "aws", "pulumi", "kubernetes", "eks", "random", "tls"];

export function checkUnknownTopLevelKeys(values: Record<string, string>, problems: Problem[]): void {
    for (const fullKey of Object.keys(values)) {
        const namespace = fullKey.includes(":") ? fullKey.slice(0, fullKey.indexOf(":")) : fullKey;
        if (!KNOWN_NAMESPACES.includes(namespace)) {
            const key = fullKey.slice(namespace.length + 1);
            const likely = editDistance(namespace.toLowerCase(), NS) <= 3 && KNOWN_TOP_LEVEL.includes(key);
            const fix: Fix[] = [
                { key: fullKey, remove: true },
                ...(likely && values[`${NS}:${key}`] === undefined ? [{ key: `${NS}:${key}`, value: decoded(values[fullKey]) }] : []),
            ];
            problems.push(
                note(
                    fullKey,
                    `${fullKey}: unknown config namespace "${namespace}"${likely ? `; the program reads ${NS}:${key}` : ""}, so this value is ignored. ` +
                        (likely
                            ? `Move it: pulumi config rm '${fullKey}' && pulumi config set ${NS}:${key} <value>.`
                            : `Remove it: pulumi config rm '${fullKey}' (namespaces read: ${KNOWN_NAMESPACES.join(", ")}).`),
                    fix,
                ),
            );
            continue;
        }
        if (!fullKey.startsWith(`${NS}:`)) continue;
        const key = fullKey.slice(NS.length + 1);
        if (!KNOWN_TOP_LEVEL.includes(key)) {
            const close = KNOWN_TOP_LEVEL.find((k) => editDistance(k.toLowerCase(), key.toLowerCase()) <= 2);
            const fix: Fix[] = [
                { key: fullKey, remove: true },
                ...(close && values[`${NS}:${close}`] === undefined ? [{ key: `${NS}:${close}`, value: decoded(values[fullKey]) }] : []),
            ];
            problems.push(note(fullKey, `${fullKey}: unknown key (a typo?). Known ${NS} keys: ${KNOWN_TOP_LEVEL.join(", ")}.`, fix));
        }
    }
}

/** `value` without the keys zod reported as unrecognized; undefined when other issues remain. */
function withoutUnknownKeys(value: unknown, issues: z.core.$ZodIssue[]): unknown {
    if (issues.some((i) => i.code !== "unrecognized_keys")) return undefined;
    const copy = JSON.parse(JSON.stringify(value));
    for (const issue of issues) {
        if (issue.code !== "unrecognized_keys") continue;
        const parent = issue.path.reduce<any>((v, p) => v?.[p as any], copy);
        for (const k of issue.keys) delete parent?.[k];
    }
    return copy;
}

export function parseLayers(values: Record<string, string>, problems: Problem[]): RawLayers {
    const layers: Record<string, unknown> = {};
    for (const layer of Object.keys(layerSchemas) as LayerKey[]) {
        const key = `${NS}:${layer}`;
        const text = values[key];
        if (text === undefined) {
            if (REQUIRED_LAYERS.includes(layer))
                problems.push(missing(key, requiredLayerHint(layer), { key, value: REQUIRED_EXAMPLE[layer] }));
            continue;
        }
        let parsed: unknown;
        try {
            parsed = JSON.parse(text);
        } catch {
            parsed = text;
        }
        if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
            problems.push(
                problem(key, parsed, `is not a map. ${HOW_TO_SET_LAYER(layer, "<field> <value>")}`, {
                    key,
                    ...(REQUIRED_LAYERS.includes(layer) ? { value: REQUIRED_EXAMPLE[layer] } : { remove: true }),
                }),
            );
            continue;
        }
        const schema = layerSchemas[layer] as z.ZodTypeAny;
        const result = schema.safeParse(parsed);
        if (result.success) {
            layers[layer] = result.data;
            continue;
        }
        for (const issue of result.error.issues) problems.push(...formatIssue(key, schema, parsed, issue));
        // A typo must not hide the layer's other problems: without the unknown keys, the rest is still checked.
        const known = withoutUnknownKeys(parsed, result.error.issues);
        if (known !== undefined) {
            const retry = schema.safeParse(known);
            if (retry.success) layers[layer] = retry.data;
        }
    }
    return layers as RawLayers;
}

function requiredLayerHint(layer: LayerKey): string {
    return layer === "gitops"
        ? `Set it with: pulumi config set --path ${NS}:gitops.repoUrl ssh://git@github.com/<org>/<config-repo>.git`
        : `Set it with: pulumi config set --path ${NS}:dockerHub.username <dockerhub-user>`;
}

/** One problem per offending key: zod reports all unknown keys of an object in a single issue. */
function formatIssue(root: string, schema: z.ZodTypeAny, input: unknown, issue: z.core.$ZodIssue): Problem[] {
    const path = issue.path;
    const key = root + path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
    if (issue.code === "unrecognized_keys") {
        const known = Object.keys((schemaAt(schema, path) as any)?.shape ?? {});
        const parent = path.reduce<any>((v, p) => v?.[p as any], input);
        return issue.keys.map((k) => {
            const close = known.find((c) => editDistance(c.toLowerCase(), k.toLowerCase()) <= 2 && parent?.[c] === undefined);
            const fix: Fix[] = [{ key: `${key}.${k}`, remove: true }, ...(close ? [{ key: `${key}.${close}`, value: parent[k] }] : [])];
            return note(`${key}.${k}`, `${key}.${k}: unknown key (a typo?). Known keys here: ${known.join(", ")}.`, fix);
        });
    }
    const value = path.reduce<any>((v, p) => (v === undefined || v === null ? undefined : v[p as any]), input);
    if (value === undefined)
        return [
            missing(
                key,
                `${issue.message.replace(/^is not [^.]*\. /, "")}`,
                exampleFix(
                    key,
                    issue,
                    path.slice(0, -1).reduce<any>((v, p) => v?.[p as any], input),
                ),
            ),
        ];
    if (issue.code === "invalid_type" && issue.expected === "string" && typeof value === "number") {
        // YAML reads an unquoted 1.35 as a number, and 1.30 as 1.3: say so, and echo what was most likely written.
        const written = /version$/i.test(key) && /^1\.\d$/.test(String(value)) ? value.toFixed(2) : String(value);
        const field = key.slice(key.lastIndexOf(".") + 1);
        return [
            problem(
                key,
                value,
                `is a number: YAML reads an unquoted ${written} as the number ${value}. Quote it in Pulumi.<stack>.yaml (${field}: "${written}"), or set it with: pulumi config set --path ${key} '"${written}"'`,
                { key, value: written },
            ),
        ];
    }
    return [problem(key, value, issue.message, valueFix(key, value, issue))];
}

export function readSecrets(source: ConfigSource, problems: Problem[]): PlatformSecrets | undefined {
    const out: Partial<Record<SecretKey, pulumi.Output<string> | pulumi.Output<string[]>>> = {};
    for (const key of [...REQUIRED_SECRETS, ...OPTIONAL_SECRETS]) {
        const fullKey = `${NS}:${key}`;
        const value = source.values[fullKey];
        const setIt = `pulumi config set --secret ${fullKey} <value>`;
        if (value === undefined) {
            if ((REQUIRED_SECRETS as readonly string[]).includes(key))
                problems.push(
                    missing(fullKey, `Set it with: ${setIt}`, {
                        key: fullKey,
                        value: key.startsWith("mongo")
                            ? "mongodb://user:password@mongo.invalid:27017/db"
                            : "0123456789abcdef0123456789abcdef",
                        secret: true,
                    }),
                );
            continue;
        }
        if (!source.isSecret(fullKey)) {
            problems.push(
                note(
                    fullKey,
                    `${fullKey} is set in plain text in Pulumi.${source.stack}.yaml. Remove it there (pulumi config rm ${fullKey}) and set it with: ${setIt}`,
                    { key: fullKey, value, secret: true },
                ),
            );
            continue;
        }
        if (!checkSecretValue(key, value, problems)) continue;
        out[key] = key === "hydraRetiredSystemSecrets" ? source.secret(key).apply((v) => JSON.parse(v) as string[]) : source.secret(key);
    }
    return out as unknown as PlatformSecrets;
}

const REQUIRED_EXAMPLE: Partial<Record<LayerKey, unknown>> = {
    gitops: { repoUrl: "ssh://git@github.com/acme/platform-config.git" },
    dockerHub: { username: "acme" },
};

/** A config value as JSON when it is JSON (structured keys), else the text. */
function decoded(text: string | undefined): unknown {
    try {
        return JSON.parse(text ?? "");
    } catch {
        return text;
    }
}

/** Levenshtein distance, for "did you mean" on typos. */
export function editDistance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let prev = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const next = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
            prev = row[j];
            row[j] = next;
        }
    }
    return row[b.length];
}

/** The bounds a zod number issue names, or a type-corrected value: the fix for a bad value. */
function valueFix(key: string, value: unknown, issue: z.core.$ZodIssue): Fix {
    const i = issue as any;
    if (i.code === "too_small" && typeof i.minimum === "number") return { key, value: i.minimum };
    if (i.code === "too_big" && typeof i.maximum === "number")
        return { key, value: Array.isArray(value) ? value.slice(0, i.maximum) : i.maximum };
    if (typeof value === "number" && !Number.isInteger(value)) return { key, value: Math.round(value) };
    if (typeof value === "string" && i.expected === "number" && value.trim() !== "" && !Number.isNaN(Number(value)))
        return { key, value: Number(value) };
    if (typeof value === "string" && i.expected === "boolean" && /^(true|false)$/i.test(value))
        return { key, value: value.toLowerCase() === "true" };
    // An enum: the allowed value nearest to what was written ("ondemand" -> on-demand), not merely the first one.
    if (i.code === "invalid_value" && typeof value === "string" && Array.isArray(i.values) && i.values.length > 0) {
        const nearest = [...i.values]
            .map(String)
            .sort((a, b) => editDistance(value.toLowerCase(), a.toLowerCase()) - editDistance(value.toLowerCase(), b.toLowerCase()))[0];
        return { key, value: nearest };
    }
    const use = /Use (?:one of )?([^\s,(]+?)[.,]?(?:\s|$)/.exec(issue.message)?.[1];
    if (i.code === "invalid_value" && use) return { key, value: use };
    return { key, remove: true };
}

/** For a required field that is missing: the smallest value its message allows, or its example. */
function exampleFix(key: string, issue: z.core.$ZodIssue, parent: any): Fix {
    const range = /from (\d+) to/.exec(issue.message);
    // A missing node group size: the largest of the sizes given keeps minSize <= desiredSize <= maxSize.
    const sizes = ["minSize", "desiredSize", "maxSize"].map((k) => parent?.[k]).filter((v) => typeof v === "number");
    if (range && /Size$/.test(key) && sizes.length > 0) return { key, value: Math.max(Number(range[1]), ...sizes) };
    if (range) return { key, value: Number(range[1]) };
    const use = /Use (ssh:\/\/\S+?)\.?$/.exec(issue.message)?.[1];
    return { key, value: use ?? "example" };
}
