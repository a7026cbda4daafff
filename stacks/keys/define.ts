import { z } from "zod";

/**
 * The building blocks of the key registry (stacks/keys/): one declaration per config key holds its zod schema (the
 * single-value validation), its default per tier, and its description. The schemas, the tier defaults, the config
 * types, the README reference and Pulumi.yaml's template are all derived from it.
 */

/** The environment tier: dev is cheap, staging and prod are highly available and protected. */
export type Tier = "dev" | "staging" | "prod";
export const TIERS: readonly Tier[] = ["dev", "staging", "prod"];

export type Tiered<T> = Readonly<Record<Tier, T>>;

/** A value per tier: one shared value, or dev's and staging's, with prod taking staging's unless given. */
export function byTier<T>(dev: T, staging: T = dev, prod: T = staging): Tiered<T> {
    return { dev, staging, prod };
}

/**
 * Values several keys share per tier: the tier logic that is not one key's alone. Everything else tier-dependent is
 * the `byTier` default of its key.
 */
export const TIER_TABLE = {
    /** Workload replicas of the platform's own services (ingress controller, Hydra). */
    replicas: byTier(1, 2, 3),
    /** Days CloudWatch keeps the cluster's, the VPC's and the ALB's logs. */
    logRetentionDays: byTier(7, 30, 90),
    /** MSK brokers per AZ: kafka.brokerCount defaults to this times the AZ count. */
    brokersPerAz: byTier(1),
};

/**
 * How a key gets its value when the stack leaves it unset:
 * - default: its tier's value from `default`;
 * - derived: computed by the layer's resolver from other config (the domain, the stack, the AZ count), as `derived` says;
 * - optional: unset means off or "not pinned" (`default`, when given, is the value in some tiers);
 * - required: the stack must set it.
 */
export type Kind = "default" | "derived" | "optional" | "required";

export interface Key<S extends z.ZodTypeAny = z.ZodTypeAny, K extends Kind = Kind> {
    readonly kind: K;
    readonly schema: S;
    readonly description: string;
    readonly default?: Tiered<z.infer<S> | undefined>;
    /** How the resolver computes or adjusts the default, for the docs. */
    readonly derived?: string;
    /** Tiers in which the stack must set it although other tiers have a default (prod's API endpoint CIDRs). */
    readonly requiredIn?: readonly Tier[];
}

export interface Group<F extends Fields = Fields> {
    readonly kind: "group";
    readonly description: string;
    readonly fields: F;
}

export type Fields = { readonly [name: string]: Key | Group };

export const setting = <S extends z.ZodTypeAny>(
    schema: S,
    description: string,
    dflt: Tiered<z.infer<S>>,
    extra: { derived?: string; requiredIn?: readonly Tier[] } = {},
): Key<S, "default"> => ({ kind: "default", schema, description, default: dflt, ...extra });
export const derived = <S extends z.ZodTypeAny>(schema: S, description: string, how: string): Key<S, "derived"> => ({
    kind: "derived",
    schema,
    description,
    derived: how,
});
export const optional = <S extends z.ZodTypeAny>(
    schema: S,
    description: string,
    dflt?: Tiered<z.infer<S> | undefined>,
): Key<S, "optional"> => ({ kind: "optional", schema, description, ...(dflt ? { default: dflt } : {}) });
export const required = <S extends z.ZodTypeAny>(schema: S, description: string): Key<S, "required"> => ({
    kind: "required",
    schema,
    description,
});
export const group = <F extends Fields>(description: string, fields: F): Group<F> => ({ kind: "group", description, fields });

// ---- Schemas: every object strict (an unknown key is almost always a typo), every field but the required ones optional.

type ShapeOf<F extends Fields> = {
    -readonly [K in keyof F]: F[K] extends Key<infer S, infer KK>
        ? KK extends "required"
            ? S
            : z.ZodOptional<S>
        : F[K] extends Group<infer G>
          ? z.ZodOptional<z.ZodObject<ShapeOf<G>, z.core.$strict>>
          : never;
};

export function schemaOf<F extends Fields>(fields: F): z.ZodObject<ShapeOf<F>, z.core.$strict> {
    const shape: Record<string, z.ZodTypeAny> = {};
    for (const [name, entry] of Object.entries(fields)) {
        if (entry.kind === "group") shape[name] = schemaOf(entry.fields).optional();
        else shape[name] = entry.kind === "required" ? entry.schema : entry.schema.optional();
    }
    return z.strictObject(shape) as any;
}

// ---- Types: what a resolver returns for a group of keys, and the tier defaults of one.

type Flat<T> = { [K in keyof T]: T[K] } & {};
type ValueOf<E> = E extends Key<infer S, any> ? z.infer<S> : E extends Group<infer G> ? Resolved<G> : never;
type OptionalNames<F> = { [K in keyof F]: F[K] extends Key<any, "optional"> ? K : never }[keyof F];

/** The resolved config of a group: every key set (by the stack or its default) except the optional ones. */
export type Resolved<F extends Fields> = Flat<
    { -readonly [K in Exclude<keyof F, OptionalNames<F>>]: ValueOf<F[K]> } & { -readonly [K in OptionalNames<F>]?: ValueOf<F[K]> }
>;

type DefaultNames<F> = { [K in keyof F]: F[K] extends Key<any, "default"> | Group<any> ? K : never }[keyof F];
type DefaultOf<E> = E extends Key<infer S, any> ? z.infer<S> : E extends Group<infer G> ? Defaults<G> : never;

/** A tier's defaults for a group: the keys with a tier default (optional ones only where their tier has one). */
export type Defaults<F extends Fields> = Flat<
    { -readonly [K in DefaultNames<F>]: DefaultOf<F[K]> } & { -readonly [K in OptionalNames<F>]?: DefaultOf<F[K]> }
>;

/** `tier`'s defaults of a group; a key without a value in that tier is left out (not set to undefined). */
export function defaultsOf<F extends Fields>(fields: F, tier: Tier): Defaults<F> {
    const out: Record<string, unknown> = {};
    for (const [name, entry] of Object.entries(fields)) {
        if (entry.kind === "group") out[name] = defaultsOf(entry.fields, tier);
        else if ((entry.kind === "default" || entry.kind === "optional") && entry.default?.[tier] !== undefined)
            out[name] = entry.default[tier];
    }
    return out as Defaults<F>;
}

// ---- Single-value validators. Messages start with "is"/"must": the loader prefixes them with the key and the value.

export const wholeNumber = (min: number, max: number) => {
    const hint = `Use a whole number from ${min} to ${max}.`;
    return z
        .number({ error: `is not a number. ${hint}` })
        .int({ error: `is not a whole number. ${hint}` })
        .min(min, { error: `is below ${min}. ${hint}` })
        .max(max, { error: `is above ${max}. ${hint}` });
};
export const text = (hint: string) => z.string({ error: `is not a string. ${hint}` }).min(1, { error: `is empty. ${hint}` });
export const flag = z.boolean({ error: "is not a boolean. Use true or false (unquoted in YAML)." });
export const list = <T extends z.ZodTypeAny>(item: T, hint: string) => z.array(item, { error: `is not a list. ${hint}` });
export const cidrList = (example: string) => list(text(`Use a CIDR such as ${example}.`), `Use a list such as [${example}].`);
/** CloudWatch Logs takes a fixed set of day counts; the resolvers check membership (predicates.logRetentionDays). */
export const retentionDays = () => wholeNumber(1, 3653);
