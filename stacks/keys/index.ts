import { type Tier, type Tiered, byTier } from "./define";
import { access, cluster, karpenter, network } from "./infra";
import { database, kafka, search } from "./data";
import { alarms, apps, dns, dockerHub, gitops, ingress, observability, tags, vpn } from "./services";

/**
 * The key registry: every key a stack of this program may set, declared once. Adding a key is one edit here (in the
 * layer's file) plus its tests; stacks/schema.ts, stacks/tiers.ts, stacks/types.ts, the README's config reference and
 * Pulumi.yaml's template are derived from it.
 */

export * from "./define";
export { DEFAULT_KUBERNETES_VERSION, nodeGroupSchema } from "./infra";
export { DEFAULT_VPN_CLIENT_CIDR } from "./services";

/** The structured keys (`platform:<layer>` objects), in the order the docs list them. */
export const LAYERS = {
    network,
    cluster,
    karpenter,
    access,
    database,
    kafka,
    search,
    vpn,
    alarms,
    ingress,
    dns,
    gitops,
    dockerHub,
    observability,
    apps,
} as const;
export const TAGS = tags;

/** A plain top-level key, read as a string. `example` is what Pulumi.yaml's template offers and the fixes suggest. */
export interface ScalarKey {
    readonly description: string;
    /** Unset: the stack must set it. */
    readonly default?: Tiered<boolean>;
    readonly example?: string;
    /** How the README names its type. */
    readonly type: string;
}

export const SCALARS = {
    environment: {
        type: "`dev` \\| `staging` \\| `prod`",
        example: "dev",
        description: "Tier: dev | staging | prod. Sets sizes, AZ count, NAT layout, Multi-AZ, deletion protection and protect.",
    },
    domain: {
        type: "string (bare DNS name)",
        example: "dev.example.com",
        description: "The environment's DNS domain (e.g. dev.example.com); service hosts are <name>.<domain>.",
    },
    protect: {
        type: "boolean",
        default: byTier(false, true),
        description: "Override the tier's protect flag for stateful resources (default: false in dev, true otherwise).",
    },
} as const satisfies Record<string, ScalarKey>;

/** Keys of other namespaces the program requires. */
export const EXTERNAL = {
    "aws:region": { type: "string", example: "us-east-1", description: "AWS region of the environment." },
} as const satisfies Record<string, ScalarKey>;

export interface SecretDecl {
    readonly required: boolean;
    readonly description: string;
    /** A JSON list rather than one string. */
    readonly list?: boolean;
}

/** Secret keys: read with requireSecret; set in plain text they are rejected. */
export const SECRETS = {
    dockerHubToken: { required: true, description: "DockerHub access token for the docker-hub pull secret." },
    mongoUrl: { required: true, description: "The storefront's MONGO_URL (mongodb:// or mongodb+srv://)." },
    mongoOplogUrl: { required: true, description: "The storefront's MONGO_OPLOG_URL." },
    hydraSystemSecret: { required: false, description: "Hydra's system secret (>= 16 chars); generated when unset." },
    hydraCookieSecret: { required: false, description: "Hydra's cookie secret (>= 16 chars); generated when unset." },
    hydraPairwiseSalt: { required: false, description: "Hydra's pairwise subject salt (>= 16 chars); generated when unset." },
    hydraRetiredSystemSecrets: {
        required: false,
        list: true,
        description: "JSON list of former Hydra system secrets, kept for decryption after a rotation.",
    },
    githubToken: {
        required: false,
        description:
            "A GitHub token that may manage the config repository's deploy keys. With it the program registers the Flux deploy key on gitops.githubRepository (or the github.com repoUrl's owner/repo); without it, register the fluxDeployKey output by hand (docs/gitops.md).",
    },
} as const satisfies Record<string, SecretDecl>;

export type SecretKey = keyof typeof SECRETS;

/** The tier's value of a scalar, as the string Pulumi config would hold. */
export const scalarDefault = (key: keyof typeof SCALARS, tier: Tier): string | undefined => {
    const d = (SCALARS[key] as ScalarKey).default?.[tier];
    return d === undefined ? undefined : String(d);
};
