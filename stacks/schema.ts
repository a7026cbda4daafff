import type { z } from "zod";
import { LAYERS, SCALARS, SECRETS, TAGS, schemaOf } from "./keys";

/**
 * The shape of the stack's structured config (`platform:<layer>` objects), derived from the key registry
 * (stacks/keys/). Every object is strict: an unknown key is almost always a typo, and a typo that silently falls back
 * to a default is the worst kind of config bug.
 */

export { wholeNumber, nodeGroupSchema, SecretKey } from "./keys";
export { MSK_BROKER_TYPES, MSK_KAFKA_VERSIONS } from "./aws/data-stores";

type Layers = typeof LAYERS;
const layerSchema = <K extends keyof Layers>(k: K) => schemaOf(LAYERS[k].fields as Layers[K]["fields"]);

export const layerSchemas = {
    network: layerSchema("network"),
    cluster: layerSchema("cluster"),
    karpenter: layerSchema("karpenter"),
    access: layerSchema("access"),
    database: layerSchema("database"),
    kafka: layerSchema("kafka"),
    search: layerSchema("search"),
    vpn: layerSchema("vpn"),
    alarms: layerSchema("alarms"),
    ingress: layerSchema("ingress"),
    dns: layerSchema("dns"),
    gitops: layerSchema("gitops"),
    dockerHub: layerSchema("dockerHub"),
    observability: layerSchema("observability"),
    apps: layerSchema("apps"),
    tags: TAGS.schema,
} as const;

export type LayerKey = keyof typeof layerSchemas;
export type RawLayers = { [K in LayerKey]?: z.infer<(typeof layerSchemas)[K]> };

/** Plain (non-secret, non-structured) keys. */
export const SCALAR_KEYS = Object.keys(SCALARS) as (keyof typeof SCALARS)[];

/** Secret keys: read with requireSecret; set in plain text they are rejected. */
export const REQUIRED_SECRETS = secretKeys(true);
export const OPTIONAL_SECRETS = secretKeys(false);

function secretKeys(required: boolean): (keyof typeof SECRETS)[] {
    return (Object.keys(SECRETS) as (keyof typeof SECRETS)[]).filter((k) => SECRETS[k].required === required);
}

/** Keys a new stack must set; everything else has a default: the layers with a required key. */
export const REQUIRED_LAYERS: readonly LayerKey[] = (Object.keys(LAYERS) as (keyof Layers)[]).filter((k) =>
    Object.values(LAYERS[k].fields).some((f) => f.kind === "required"),
);

/** The sub-schema at a path, used to list the known keys when a typo is reported. */
export function schemaAt(schema: z.ZodTypeAny, path: readonly PropertyKey[]): z.ZodTypeAny | undefined {
    let current: any = schema;
    for (const segment of path) {
        current = unwrap(current);
        if (current?.shape && typeof segment === "string") current = current.shape[segment];
        else if (current?.element && typeof segment === "number") current = current.element;
        else return undefined;
    }
    return unwrap(current);
}

function unwrap(s: any): any {
    while (s?._zod?.def?.innerType) s = s._zod.def.innerType;
    return s;
}
