import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { missing, problem, show } from "./messages";
import { checkSecretValue } from "./rules";
import { LayerKey, OPTIONAL_SECRETS, RawLayers, REQUIRED_LAYERS, REQUIRED_SECRETS, SCALAR_KEYS, SecretKey, layerSchemas, schemaAt } from "./schema";
import { PlatformSecrets } from "./types";

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

export function checkUnknownTopLevelKeys(values: Record<string, string>, problems: string[]): void {
    for (const fullKey of Object.keys(values)) {
        if (!fullKey.startsWith(`${NS}:`)) continue;
        const key = fullKey.slice(NS.length + 1);
        if (!KNOWN_TOP_LEVEL.includes(key)) {
            problems.push(`${fullKey}: unknown key (a typo?). Known ${NS} keys: ${KNOWN_TOP_LEVEL.join(", ")}.`);
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

export function parseLayers(values: Record<string, string>, problems: string[]): RawLayers {
    const layers: Record<string, unknown> = {};
    for (const layer of Object.keys(layerSchemas) as LayerKey[]) {
        const key = `${NS}:${layer}`;
        const text = values[key];
        if (text === undefined) {
            if (REQUIRED_LAYERS.includes(layer)) problems.push(missing(key, requiredLayerHint(layer)));
            continue;
        }
        let parsed: unknown;
        try {
            parsed = JSON.parse(text);
        } catch {
            parsed = text;
        }
        if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
            problems.push(problem(key, parsed, `is not a map. ${HOW_TO_SET_LAYER(layer, "<field> <value>")}`));
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
function formatIssue(root: string, schema: z.ZodTypeAny, input: unknown, issue: z.core.$ZodIssue): string[] {
    const path = issue.path;
    const key = root + path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
    if (issue.code === "unrecognized_keys") {
        const known = Object.keys((schemaAt(schema, path) as any)?.shape ?? {});
        return issue.keys.map((k) => `${key}.${k}: unknown key (a typo?). Known keys here: ${known.join(", ")}.`);
    }
    const value = path.reduce<any>((v, p) => (v === undefined || v === null ? undefined : v[p as any]), input);
    if (value === undefined) return [missing(key, `${issue.message.replace(/^is not [^.]*\. /, "")}`)];
    return [`${key}: ${show(value)} ${issue.message}`];
}

export function readSecrets(source: ConfigSource, problems: string[]): PlatformSecrets | undefined {
    const out: Partial<Record<SecretKey, pulumi.Output<string> | pulumi.Output<string[]>>> = {};
    for (const key of [...REQUIRED_SECRETS, ...OPTIONAL_SECRETS]) {
        const fullKey = `${NS}:${key}`;
        const value = source.values[fullKey];
        const setIt = `pulumi config set --secret ${fullKey} <value>`;
        if (value === undefined) {
            if ((REQUIRED_SECRETS as readonly string[]).includes(key)) problems.push(missing(fullKey, `Set it with: ${setIt}`));
            continue;
        }
        if (!source.isSecret(fullKey)) {
            problems.push(`${fullKey} is set in plain text in Pulumi.${source.stack}.yaml. Remove it there (pulumi config rm ${fullKey}) and set it with: ${setIt}`);
            continue;
        }
        if (!checkSecretValue(key, value, problems)) continue;
        out[key] = key === "hydraRetiredSystemSecrets" ? source.secret(key).apply((v) => JSON.parse(v) as string[]) : source.secret(key);
    }
    return out as unknown as PlatformSecrets;
}
