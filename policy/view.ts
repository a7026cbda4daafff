import * as aws from "@pulumi/aws";
import { isOfClassToken } from "../offline/pulumi-internals";
import type { PolicyResource, PropsOf, ResourceClass, StackView, Tier, Violation } from "./types";

const TIERS: readonly string[] = ["dev", "staging", "prod"];

/** True when `type` is the token of `cls`, so no rule spells a token (an SDK internal: offline/pulumi-internals.ts). */
export const isOfClass = (type: string, cls: ResourceClass): boolean => isOfClassToken(type, cls);

/** `r` with its props typed as `cls`'s args, or undefined when `r` is of another class. */
export function asClass<C extends ResourceClass>(r: PolicyResource | undefined, cls: C): PolicyResource<PropsOf<C>> | undefined {
    // The cast is the one place a token check turns into a type: what isOfClass proved.
    return r !== undefined && isOfClass(r.type, cls) ? (r as PolicyResource<unknown> as PolicyResource<PropsOf<C>>) : undefined;
}

/**
 * The tier comes from the environment tag the program puts on its AWS provider's default tags. When it cannot be
 * read, rules assume prod: the strictest reading is the safe one.
 */
export function tierOf(resources: PolicyResource[]): Tier {
    for (const found of resources) {
        const r = asClass(found, aws.Provider);
        if (!r) continue;
        // The analyzer hands provider inputs JSON-encoded; the harness hands the object.
        let tags: unknown = r.props.defaultTags;
        if (typeof tags === "string") {
            try {
                tags = JSON.parse(tags);
            } catch {
                tags = undefined;
            }
        }
        const env = (tags as typeof r.props.defaultTags)?.tags?.environment;
        if (env !== undefined && TIERS.includes(env)) return env as Tier;
    }
    return "prod";
}

// Pulumi's wire form of a secret value ({"4dabf...": "1b470...", value}). Mocks and some analyzer paths hand rules
// props in that form; unwrapped once here, no rule can be blinded by a secret it does not look at.
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** `value` with every wire-form secret replaced by its plain value. Free-form: any JSON a provider accepts. */
export function unwrapSecrets(value: any): any {
    if (Array.isArray(value)) return value.map(unwrapSecrets);
    if (value === null || typeof value !== "object") return value;
    if (value[SECRET_SIG_KEY] === SECRET_SIG) return unwrapSecrets(value.value);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
}

export function stackView(input: PolicyResource[], tier: Tier = tierOf(input)): StackView {
    const resources: PolicyResource[] = input.map((r) => ({ ...r, props: unwrapSecrets(r.props) }));
    const byId = new Map<string, PolicyResource>();
    for (const r of resources) if (typeof r.id === "string" && r.id !== "") byId.set(r.id, r);
    function lookup(id: unknown): PolicyResource | undefined;
    function lookup<C extends ResourceClass>(id: unknown, cls: C): PolicyResource<PropsOf<C>> | undefined;
    function lookup(id: unknown, cls?: ResourceClass) {
        const found = typeof id === "string" ? byId.get(id) : undefined;
        return cls ? asClass(found, cls) : found;
    }
    return {
        tier,
        resources,
        ofClass: (...classes) => resources.flatMap((r) => classes.flatMap((c) => asClass(r, c) ?? []).slice(0, 1)),
        ofType: (...types) => resources.filter((r) => types.includes(r.type)),
        byId: lookup,
    };
}

/** Builds a violation for rule `id` about resource `r`. */
export const violation = (id: string, r: PolicyResource<unknown> | undefined, message: string): Violation => ({
    rule: id,
    urn: r?.urn,
    message,
});

export const asArray = <T>(v: T | readonly T[] | undefined | null): T[] =>
    v === undefined || v === null ? [] : Array.isArray(v) ? [...v] : [v as T];
