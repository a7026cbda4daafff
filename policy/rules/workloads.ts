import * as k8s from "@pulumi/kubernetes";
import { type Container, type PodOwner, type PodSpec, POD_CONTROLLERS, podTemplateOf, RUN_TO_COMPLETION } from "../kubernetes";
import type { PolicyResource, PropsOf, ResourceClass, Rule, StackView, Violation } from "../types";
import { asArray, asClass, isOfClass, violation } from "../view";

/*
 * Accepted exceptions (written next to the rule, and in docs/policy.md):
 *
 * 1. Helm charts are not checked. A helm.v3.Release is one resource whose rendered objects no rule can see, offline
 *    or under `pulumi preview`; helm.v4.Chart children are registered under `pulumi preview` but never under the
 *    offline mocks. So that both runs agree, objects rendered by a chart, kustomize or yaml component (their URN
 *    carries the component's type) are skipped. A chart's workloads are reviewed through its values instead.
 * 2. K5: a workload that is not a service (the dev toolbox) carries the annotation `platform.policy/k5-exception`
 *    with the reason as its value; DaemonSets, Jobs and bare Pods are out of K5's scope.
 */

const LONG_RUNNING = [...POD_CONTROLLERS, k8s.core.v1.Pod] as const;
const ALL_WORKLOADS = [...LONG_RUNNING, ...RUN_TO_COMPLETION] as const;
/** Components whose objects no rule sees in both runs (exception 1): Helm charts, and kustomize and yaml v2. */
const RENDERED_BY: ResourceClass[] = [
    k8s.helm.v3.Chart,
    k8s.helm.v4.Chart,
    k8s.kustomize.v2.Directory,
    k8s.yaml.v2.ConfigFile,
    k8s.yaml.v2.ConfigGroup,
];
type Pdb = PropsOf<typeof k8s.policy.v1.PodDisruptionBudget>;
type LabelSelector = NonNullable<NonNullable<Pdb["spec"]>["selector"]>;
export const K5_EXCEPTION = "platform.policy/k5-exception";
const ZONE_KEY = "topology.kubernetes.io/zone";
const SECRET_ENV = /SECRET|PASSWORD|TOKEN|DSN|KEY/i;

/** A workload's pod spec and the labels its pods get, whatever the kind. */
interface Workload {
    resource: PodOwner;
    kind: string;
    spec: PodSpec;
    podLabels: Record<string, string>;
}

/** True for an object whose URN shows a chart, kustomize or yaml component among its ancestors' types. */
export function isRendered(r: PolicyResource<unknown>): boolean {
    const parts = r.urn.split("::");
    if (!r.urn.startsWith("urn:pulumi:") || parts.length < 4) return false;
    const ancestors = parts[2].split("$").slice(0, -1);
    return ancestors.some((type) => RENDERED_BY.some((c) => isOfClass(type, c)));
}

export function workloads(stack: StackView, classes: readonly (typeof ALL_WORKLOADS)[number][] = ALL_WORKLOADS): Workload[] {
    const out: Workload[] = [];
    for (const r of stack.ofClass(...classes)) {
        if (isRendered(r)) continue;
        const kind = r.type.split(":").pop()!;
        const template = podTemplateOf(r);
        out.push({ resource: r, kind, spec: template?.spec ?? { containers: [] }, podLabels: template?.metadata?.labels ?? {} });
    }
    return out;
}

const containersOf = (spec: PodSpec, withInit = true): Container[] => [
    ...asArray(spec.containers),
    ...(withInit ? asArray(spec.initContainers) : []),
];

const describe = (w: Workload, c?: Container) => `${w.kind} ${w.resource.name}${c ? ` container ${c.name}` : ""}`;

function k2(w: Workload): string[] {
    const pod = w.spec.securityContext ?? {};
    const out: string[] = [];
    for (const flag of ["hostNetwork", "hostPID", "hostIPC"] as const) if (w.spec[flag]) out.push(`${describe(w)} sets ${flag}.`);
    for (const v of asArray(w.spec.volumes)) if (v.hostPath) out.push(`${describe(w)} mounts hostPath volume ${v.name}.`);
    for (const c of containersOf(w.spec)) {
        const sc = c.securityContext ?? {};
        const runAsNonRoot = sc.runAsNonRoot ?? pod.runAsNonRoot;
        const runAsUser = sc.runAsUser ?? pod.runAsUser;
        const seccomp = sc.seccompProfile?.type ?? pod.seccompProfile?.type;
        if (runAsNonRoot !== true || runAsUser === 0)
            out.push(`${describe(w, c)} may run as root: set runAsNonRoot true and a non-zero runAsUser.`);
        if (sc.privileged) out.push(`${describe(w, c)} is privileged.`);
        if (sc.allowPrivilegeEscalation !== false)
            out.push(`${describe(w, c)} allows privilege escalation: set allowPrivilegeEscalation false.`);
        if (sc.readOnlyRootFilesystem !== true)
            out.push(`${describe(w, c)} has a writable root filesystem: set readOnlyRootFilesystem true (emptyDir for /tmp).`);
        if (!asArray(sc.capabilities?.drop).includes("ALL")) out.push(`${describe(w, c)} keeps Linux capabilities: drop ALL.`);
        if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost")
            out.push(`${describe(w, c)} has no seccomp profile: set RuntimeDefault.`);
    }
    return out;
}

function k3(w: Workload): string[] {
    const out: string[] = [];
    for (const c of containersOf(w.spec)) {
        const missing = (["requests", "limits"] as const).flatMap((k) =>
            ["cpu", "memory"].filter((r) => c.resources?.[k]?.[r] === undefined).map((r) => `${k}.${r}`),
        );
        if (missing.length > 0) out.push(`${describe(w, c)} lacks resources ${missing.join(", ")}.`);
    }
    return out;
}

function k4(w: Workload): string[] {
    return containersOf(w.spec, false).flatMap((c) =>
        (["livenessProbe", "readinessProbe"] as const).filter((p) => !c[p]).map((p) => `${describe(w, c)} has no ${p}.`),
    );
}

const selects = (selector: LabelSelector | undefined, labels: Record<string, string>) => {
    const match = selector?.matchLabels ?? {};
    return (
        Object.keys(match).length > 0 &&
        Object.entries(match).every(([k, v]) => labels[k] === v) &&
        asArray(selector?.matchExpressions).length === 0
    );
};

function k5(w: Workload, pdbs: Pdb[]): string[] {
    if (w.resource.props.metadata?.annotations?.[K5_EXCEPTION]) return [];
    const out: string[] = [];
    const scaled = asClass(w.resource, k8s.apps.v1.Deployment) ?? asClass(w.resource, k8s.apps.v1.StatefulSet);
    const replicas = scaled?.props.spec?.replicas ?? 1;
    if (replicas < 2) out.push(`${describe(w)} has ${replicas} replica(s); at least 2 are required outside dev.`);
    const namespace = w.resource.props.metadata?.namespace;
    const covered = pdbs.some((p) => (p.metadata?.namespace ?? namespace) === namespace && selects(p.spec?.selector, w.podLabels));
    if (!covered) out.push(`${describe(w)} has no PodDisruptionBudget selecting its pods.`);
    const spread =
        asArray(w.spec.topologySpreadConstraints).some((t) => t.topologyKey === ZONE_KEY) ||
        asArray(w.spec.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution).some(
            (t) => t.podAffinityTerm?.topologyKey === ZONE_KEY,
        ) ||
        asArray(w.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution).some((t) => t.topologyKey === ZONE_KEY);
    if (!spread) out.push(`${describe(w)} is not spread over zones: add a topologySpreadConstraint on ${ZONE_KEY}.`);
    return out;
}

/** True when `image` names a tag other than latest, or a digest. */
export function isPinnedImage(image: unknown): boolean {
    if (typeof image !== "string" || image === "") return false;
    if (/@sha256:[0-9a-f]{64}$/.test(image)) return true;
    const lastSegment = image.slice(image.lastIndexOf("/") + 1);
    const colon = lastSegment.lastIndexOf(":");
    return colon > 0 && lastSegment.slice(colon + 1) !== "latest" && lastSegment.slice(colon + 1) !== "";
}

function k6(w: Workload): string[] {
    return containersOf(w.spec)
        .filter((c) => !isPinnedImage(c.image))
        .map((c) => `${describe(w, c)} uses image "${c.image}": pin a version tag (not latest) or a digest.`);
}

function k9(w: Workload): string[] {
    return containersOf(w.spec).flatMap((c) =>
        asArray(c.env)
            .filter((e) => SECRET_ENV.test(e.name ?? "") && e.value !== undefined && e.value !== "")
            .map((e) => `${describe(w, c)} sets ${e.name} inline: take it from a Secret (secretKeyRef or envFrom).`),
    );
}

const perWorkload =
    (id: string, check: (w: Workload) => string[], classes?: readonly (typeof ALL_WORKLOADS)[number][]) =>
    (stack: StackView): Violation[] =>
        workloads(stack, classes).flatMap((w) => check(w).map((m) => violation(id, w.resource, m)));

export const workloadsRules: Rule[] = [
    {
        id: "K2",
        name: "k2-pod-security-context",
        enforcement: "mandatory",
        description:
            "Non-root, no privilege escalation, read-only root filesystem, capabilities dropped, seccomp RuntimeDefault; no privileged, host namespaces or hostPath (CIS 4.2.x; KL; PO).",
        check: perWorkload("K2", k2),
    },
    {
        id: "K3",
        name: "k3-resources",
        enforcement: "mandatory",
        description: "Every container sets CPU and memory requests and limits (KL; KS).",
        check: perWorkload("K3", k3),
    },
    {
        id: "K4",
        name: "k4-probes",
        enforcement: "mandatory",
        description: "Long-running containers have liveness and readiness probes; Jobs and CronJobs are exempt (KS; BPG).",
        check: perWorkload("K4", k4, LONG_RUNNING),
    },
    {
        id: "K5",
        name: "k5-availability",
        enforcement: "mandatory",
        description:
            "Outside dev: Deployments and StatefulSets run >= 2 replicas, have a PodDisruptionBudget and spread over zones (BPG; KS; PO).",
        check(stack) {
            if (stack.tier === "dev") return [];
            const pdbs = stack
                .ofClass(k8s.policy.v1.PodDisruptionBudget)
                .filter((p) => !isRendered(p))
                .map((p) => p.props);
            return perWorkload("K5", (w) => k5(w, pdbs), [k8s.apps.v1.Deployment, k8s.apps.v1.StatefulSet])(stack);
        },
    },
    {
        id: "K6",
        name: "k6-pinned-images",
        enforcement: "mandatory",
        description: "Images are pinned by a tag other than latest, or by digest (KL).",
        check: perWorkload("K6", k6),
    },
    {
        id: "K9",
        name: "k9-no-inline-secrets",
        enforcement: "mandatory",
        description:
            "Env vars named like secrets (SECRET, PASSWORD, TOKEN, DSN, KEY) come from secretKeyRef or envFrom, never inline values (CIS 4.4.1; KL).",
        check: perWorkload("K9", k9),
    },
];
