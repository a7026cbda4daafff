import { vendoredChart } from "../charts";
import { parseGitSshUrl } from "./known-hosts";

/**
 * Flux Operator chart (controlplaneio-fluxcd/charts), vendored in charts/ (pin and source: charts/charts.lock.json);
 * chart versions follow the operator's releases. v0.58.1 (2026-08-19) embeds Flux v2.9.4; Flux 2.9 needs
 * operator >= v0.53.0.
 */
const FLUX_OPERATOR = vendoredChart("flux-operator");
export const FLUX_OPERATOR_CHART = FLUX_OPERATOR.chart;
export const FLUX_OPERATOR_CHART_VERSION = FLUX_OPERATOR.version;
/**
 * Flux distribution. An exact version rather than a "2.9.x" range: the operator would otherwise move patch releases
 * on its own, out of sight of `pulumi preview`. Without `distribution.artifact` the operator installs the manifests
 * embedded in its own (pinned) image, so nothing floats on a `latest` tag.
 */
export const FLUX_VERSION = "2.9.4";
export const FLUX_REGISTRY = "ghcr.io/fluxcd";
/** Image automation controllers included: apps roll out new images the way Flux v1 did. */
export const FLUX_COMPONENTS = [
    "source-controller",
    "kustomize-controller",
    "helm-controller",
    "notification-controller",
    "image-reflector-controller",
    "image-automation-controller",
] as const;
/** The Secret spec.sync.pullSecret names; `flux bootstrap` uses the same name, so migrations keep working. */
export const FLUX_SYNC_SECRET = "flux-system";
/** The one FluxInstance the operator accepts must be named flux. */
export const FLUX_INSTANCE_NAME = "flux";
export const KUSTOMIZE_CONTROLLER = "kustomize-controller";

export type FluxClusterSize = "small" | "medium" | "large";

/** Inputs of {@link fluxInstanceSpec}: plain values, so tests assert on the spec directly. */
export interface FluxInstanceSpecArgs {
    repoUrl: string;
    branch: string;
    /** Directory of this environment in the config repository, e.g. clusters/dev. */
    path: string;
    /** Controller concurrency and limits profile; default medium. */
    size?: FluxClusterSize;
}

/** `clusters/dev/` and `./clusters/dev` both become `clusters/dev`. */
export const normalizeRepoPath = (path: string) => path.trim().replace(/^\.\//, "").replace(/\/+$/, "");

/**
 * The FluxInstance spec (fluxcd.controlplane.io/v1). No npm package carries the CRD's schema; its required fields
 * (spec.distribution.{version,registry}; spec.sync.{kind,url,ref,path}) are asserted in test/gitops-spec.test.ts.
 */
export function fluxInstanceSpec(args: FluxInstanceSpecArgs): Record<string, any> {
    parseGitSshUrl(args.repoUrl);
    return {
        distribution: { version: FLUX_VERSION, registry: FLUX_REGISTRY },
        components: [...FLUX_COMPONENTS],
        // networkPolicy off: the tenancy layer owns flux-system's NetworkPolicies (K8, default deny + explicit allows);
        // Flux's own set includes an allow-all-egress policy that would widen them.
        cluster: { type: "aws", size: args.size ?? "medium", multitenant: false, networkPolicy: false, domain: "cluster.local" },
        sync: {
            kind: "GitRepository",
            url: args.repoUrl,
            ref: `refs/heads/${args.branch}`,
            path: normalizeRepoPath(args.path),
            pullSecret: FLUX_SYNC_SECRET,
        },
        kustomize: {
            patches: [
                {
                    // The root Kustomization the operator generates decrypts SOPS files too; kustomize-controller reaches
                    // KMS through its Pod Identity association, so no secretRef.
                    target: { kind: "Kustomization", name: FLUX_SYNC_SECRET },
                    patch: "- op: add\n  path: /spec/decryption\n  value:\n    provider: sops\n",
                },
            ],
        },
    };
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The `.sops.yaml` creation rule for this environment: files under its path are encrypted with its own KMS key, and
 * only the data/stringData of Secrets, so diffs of everything else stay readable.
 */
export function sopsCreationRules(path: string, kmsKeyArn: string): string {
    return [
        "creation_rules:",
        `  - path_regex: ${escapeRegex(normalizeRepoPath(path))}/.*\\.ya?ml$`,
        "    encrypted_regex: ^(data|stringData)$",
        `    kms: ${kmsKeyArn}`,
        "",
    ].join("\n");
}
