import * as k8s from "@pulumi/kubernetes";
import { kindOf, POD_OWNERS, podTemplateOf } from "../kubernetes";
import type { PolicyResource, Rule, StackView, Violation } from "../types";
import { asArray, asClass, violation } from "../view";

/** Annotation (on a workload, its pod template, or a ServiceAccount) that states why the pod needs an API token (K7). */
export const TOKEN_REASON_ANNOTATION = "platform/service-account-token";

/**
 * Namespaced kinds that are workloads or their data. RBAC objects, NetworkPolicies, Docker Hub pull secrets and patches
 * of the `default` ServiceAccount are fine in `default`: they configure the namespace, nothing of ours runs there.
 */
const WORKLOAD_CLASSES = [
    ...POD_OWNERS,
    k8s.core.v1.Service,
    k8s.networking.v1.Ingress,
    k8s.core.v1.PersistentVolumeClaim,
    k8s.core.v1.ConfigMap,
    k8s.core.v1.Secret,
    k8s.core.v1.ServiceAccount,
] as const;

/** The annotation K7 accepts, from the first of `metadata` that carries a non-blank one. */
const reasonOf = (...metadata: ({ annotations?: Record<string, string> } | undefined)[]) =>
    metadata.map((m) => m?.annotations?.[TOKEN_REASON_ANNOTATION]).find((v) => typeof v === "string" && v.trim() !== "");
const isFalse = (v: unknown) => v === false || v === "false";

function k1(stack: StackView): Violation[] {
    const out: Violation[] = [];
    for (const r of stack.ofClass(...WORKLOAD_CLASSES)) {
        const kind = kindOf(r);
        if (asClass(r, k8s.core.v1.Secret)?.props.type === "kubernetes.io/dockerconfigjson") continue;
        const ns = r.props.metadata?.namespace;
        if (ns === undefined || ns === "default") {
            out.push(
                violation(
                    "K1",
                    r,
                    `${kind} ${r.props.metadata?.name ?? r.name} is in the default namespace${ns === undefined ? " (no namespace set)" : ""}; put it in the app's namespace.`,
                ),
            );
        }
    }
    for (const r of stack.ofClass(k8s.helm.v3.Release, k8s.helm.v4.Chart)) {
        if (r.props.namespace === undefined || r.props.namespace === "default")
            out.push(violation("K1", r, "installs its chart into the default namespace; set namespace."));
    }
    return out;
}

function k7(stack: StackView): Violation[] {
    const out: Violation[] = [];
    const accountUsers = new Map<string, PolicyResource<unknown>[]>();
    for (const r of stack.ofClass(...POD_OWNERS)) {
        const template = podTemplateOf(r);
        const spec = template?.spec;
        if (!spec) continue;
        if (!isFalse(spec.automountServiceAccountToken) && !reasonOf(r.props.metadata, template.metadata)) {
            out.push(
                violation(
                    "K7",
                    r,
                    `mounts a service account token; set automountServiceAccountToken: false, or annotate ${TOKEN_REASON_ANNOTATION} with why it needs the API.`,
                ),
            );
        }
        const account = spec.serviceAccountName ?? "default";
        if (account === "default")
            out.push(violation("K7", r, "runs as the default service account; give each app its own ServiceAccount."));
        else {
            const key = `${r.props.metadata?.namespace ?? "default"}/${account}`;
            accountUsers.set(key, [...(accountUsers.get(key) ?? []), r]);
        }
    }
    for (const [key, users] of accountUsers) {
        if (users.length > 1)
            for (const r of users)
                out.push(
                    violation(
                        "K7",
                        r,
                        `shares service account ${key} with ${users.length - 1} other workload(s); one service account per app.`,
                    ),
                );
    }
    for (const sa of stack.ofClass(k8s.core.v1.ServiceAccount)) {
        if (!isFalse(sa.props.automountServiceAccountToken) && !reasonOf(sa.props.metadata)) {
            out.push(
                violation(
                    "K7",
                    sa,
                    `mounts its token into every pod; set automountServiceAccountToken: false (pods that need it opt in), or annotate ${TOKEN_REASON_ANNOTATION}.`,
                ),
            );
        }
    }
    for (const patch of stack.ofClass(k8s.core.v1.ServiceAccountPatch)) {
        if (patch.props.metadata?.name === "default" && !isFalse(patch.props.automountServiceAccountToken)) {
            out.push(
                violation(
                    "K7",
                    patch,
                    "patches a default service account but leaves its token automounted; set automountServiceAccountToken: false (CIS 4.1.5).",
                ),
            );
        }
    }
    return out;
}

/** Traffic directions a namespace's NetworkPolicies deny by default: a policy selecting every pod with no rules. */
export function deniedDirections(stack: StackView, namespace: string): Set<string> {
    const denied = new Set<string>();
    for (const np of stack.ofClass(k8s.networking.v1.NetworkPolicy).filter((p) => p.props.metadata?.namespace === namespace)) {
        const spec = np.props.spec;
        const selector = spec?.podSelector;
        if (Object.keys(selector?.matchLabels ?? {}).length > 0 || asArray(selector?.matchExpressions).length > 0) continue;
        const types = asArray(spec?.policyTypes).length > 0 ? asArray(spec?.policyTypes) : ["Ingress", ...(spec?.egress ? ["Egress"] : [])];
        if (types.includes("Ingress") && asArray(spec?.ingress).length === 0) denied.add("Ingress");
        if (types.includes("Egress") && asArray(spec?.egress).length === 0) denied.add("Egress");
    }
    return denied;
}

function k8(stack: StackView): Violation[] {
    const out: Violation[] = [];
    for (const ns of stack.ofClass(k8s.core.v1.Namespace)) {
        const name = ns.props.metadata?.name;
        if (typeof name !== "string") continue;
        const missing = ["Ingress", "Egress"].filter((d) => !deniedDirections(stack, name).has(d));
        if (missing.length > 0) {
            out.push(
                violation(
                    "K8",
                    ns,
                    `namespace ${name} has no default-deny NetworkPolicy for ${missing.join(" and ")}; add one selecting all pods with no rules, then explicit allows.`,
                ),
            );
        }
    }
    return out;
}

/** Tenancy rules: K1, K7, K8 (docs/policy.md). */
export const tenancyRules: Rule[] = [
    {
        id: "K1",
        name: "k1-nothing-in-default",
        enforcement: "mandatory",
        description:
            "Nothing of ours runs in the default namespace (CIS 4.5.2); pull secrets, RBAC and default ServiceAccount patches there are fine.",
        check: k1,
    },
    {
        id: "K7",
        name: "k7-service-account-tokens",
        enforcement: "mandatory",
        description: "automountServiceAccountToken off unless needed (and annotated why); one service account per app (CIS 4.1.5/4.1.6).",
        check: k7,
    },
    {
        id: "K8",
        name: "k8-default-deny-network-policy",
        enforcement: "mandatory",
        description: "Every namespace we create has a default-deny NetworkPolicy for ingress and egress, with explicit allows (CIS 4.3.2).",
        check: k8,
    },
];
