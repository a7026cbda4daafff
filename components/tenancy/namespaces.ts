import { SYSTEM_NAMESPACES } from "../../stacks/layers";
import { throwIfProblems } from "../../stacks/predicates";
import { PLATFORM_NAMESPACES } from "../platform-names";
/** Pod Security Admission levels (https://kubernetes.io/docs/concepts/security/pod-security-standards/). */
export type PodSecurityLevel = "privileged" | "baseline" | "restricted";

/** What runs in a namespace; decides its Pod Security level and its NetworkPolicy allows. */
export type NamespaceRole = "app" | "toolbox" | "logging" | "monitoring" | "observability" | "flux" | "ingress";

export interface NamespaceProfile {
    role: NamespaceRole;
    /** Level enforced; audit and warn are always `restricted`, so every shortfall shows in `kubectl` and the audit log. */
    enforce: PodSecurityLevel;
    /** Why the namespace cannot enforce `restricted`. */
    exception?: string;
}

/**
 * Pod Security levels per role. Restricted wherever our workloads allow it; the exceptions are written down here
 * and in docs/cluster.md.
 */
export const PROFILES: Record<NamespaceRole, NamespaceProfile> = {
    app: {
        role: "app",
        enforce: "baseline",
        exception:
            "Flux applies the storefront's legacy manifests from the config repository, which this program does not control; " +
            "baseline blocks host access and privilege, restricted is audited and warned. The workloads this program declares meet restricted (K2).",
    },
    toolbox: {
        role: "toolbox",
        enforce: "baseline",
        exception: "The toolbox is an interactive debugging pod that may need to run as root.",
    },
    logging: {
        role: "logging",
        enforce: "privileged",
        exception: "Fluent Bit reads container logs from the node through hostPath mounts (/var/log).",
    },
    monitoring: {
        role: "monitoring",
        enforce: "privileged",
        exception: "kube-prometheus-stack's node-exporter DaemonSet uses hostNetwork, hostPID and hostPath to read node metrics.",
    },
    observability: { role: "observability", enforce: "restricted" },
    flux: { role: "flux", enforce: "restricted" },
    ingress: {
        role: "ingress",
        enforce: "baseline",
        exception:
            "The NGINX ingress controller binds ports 80/443 with the NET_BIND_SERVICE capability and its chart does not set every restricted field.",
    },
};

/**
 * The Pod Security Admission labels of a namespace. The policy version is the cluster's, not `latest`: a control-plane
 * upgrade must not tighten what already runs without a reviewed change (it moves with cluster.version).
 */
export function podSecurityLabels(profile: NamespaceProfile, kubernetesVersion: string): Record<string, string> {
    return {
        "pod-security.kubernetes.io/enforce": profile.enforce,
        "pod-security.kubernetes.io/enforce-version": `v${kubernetesVersion}`,
        "pod-security.kubernetes.io/audit": "restricted",
        "pod-security.kubernetes.io/warn": "restricted",
    };
}

/** Every namespace the tenancy layer creates, with its profile: the app's, the platform's, and `test` for the toolbox. */
export function ownedNamespaces(appNamespace: string, toolboxNamespace: boolean): Map<string, NamespaceProfile> {
    const platform: [string, NamespaceProfile][] = [
        [PLATFORM_NAMESPACES.logging, PROFILES.logging],
        [PLATFORM_NAMESPACES.monitoring, PROFILES.monitoring],
        [PLATFORM_NAMESPACES.observability, PROFILES.observability],
        [PLATFORM_NAMESPACES.fluxSystem, PROFILES.flux],
        [PLATFORM_NAMESPACES.ingress, PROFILES.ingress],
        ...(toolboxNamespace ? [[PLATFORM_NAMESPACES.toolbox, PROFILES.toolbox] as [string, NamespaceProfile]] : []),
    ];
    const reserved = platform.some(([ns]) => ns === appNamespace) || SYSTEM_NAMESPACES.includes(appNamespace);
    throwIfProblems("Tenancy", [
        reserved
            ? `appNamespace "${appNamespace}" is a namespace the platform or Kubernetes itself uses. Use the environment's own name, e.g. "dev".`
            : undefined,
    ]);
    return new Map([[appNamespace, PROFILES.app], ...platform]);
}
