import type { K8sObject } from "./openapi";

/**
 * The Pod Security Standards as the Pod Security Admission controller evaluates them for version "latest" in
 * Kubernetes 1.35 (k8s.io/pod-security-admission v0.35.x, policy/check_*.go): same checks, same overrides
 * (restricted checks replace their baseline counterparts), same detail messages.
 */

export type Level = "privileged" | "baseline" | "restricted";

/** One failed check: its upstream id (e.g. `seccompProfile_restricted`), level, reason and detail. */
export interface PodSecurityProblem {
    check: string;
    level: Exclude<Level, "privileged">;
    reason: string;
    detail: string;
    /** `<evaluated level>: <reason> (<detail>) [<check>]`, as the API server words its warnings, plus the check id. */
    message: string;
}

interface Container {
    name?: string;
    securityContext?: Record<string, any>;
    ports?: { hostPort?: number }[];
    livenessProbe?: Record<string, any>;
    readinessProbe?: Record<string, any>;
    startupProbe?: Record<string, any>;
    lifecycle?: { postStart?: Record<string, any>; preStop?: Record<string, any> };
}

interface PodSpec {
    hostNetwork?: boolean;
    hostPID?: boolean;
    hostIPC?: boolean;
    hostUsers?: boolean;
    os?: { name?: string };
    securityContext?: Record<string, any>;
    volumes?: Record<string, any>[];
    initContainers?: Container[];
    containers?: Container[];
    ephemeralContainers?: Container[];
}

interface PodTemplate {
    metadata?: { annotations?: Record<string, string> };
    spec?: PodSpec;
}

/** The pod template of a workload (the Pod itself for a Pod), or undefined for other kinds. */
export function podTemplateOf(object: K8sObject): PodTemplate | undefined {
    const spec = object.spec as Record<string, any> | undefined;
    switch (object.kind) {
        case "Pod":
            return { metadata: object.metadata, spec: spec as PodSpec };
        case "Deployment":
        case "DaemonSet":
        case "StatefulSet":
        case "ReplicaSet":
        case "ReplicationController":
        case "Job":
            return spec?.template ?? {};
        case "CronJob":
            return spec?.jobTemplate?.spec?.template ?? {};
        case "PodTemplate":
            return (object.template as PodTemplate) ?? {};
        default:
            return undefined;
    }
}

const plural = (singular: string, pluralForm: string, n: number) => (n === 1 ? singular : pluralForm);
const joinQuote = (items: string[]) => (items.length === 0 ? "" : `"${items.join('", "')}"`);
const sorted = (items: Iterable<string>) => [...new Set(items)].sort();
const containers = (what: string[]) => `${plural("container", "containers", what.length)} ${joinQuote(what)}`;

function visit(spec: PodSpec, fn: (c: Container) => void): void {
    for (const c of spec.initContainers ?? []) fn(c);
    for (const c of spec.containers ?? []) fn(c);
    for (const c of spec.ephemeralContainers ?? []) fn(c);
}

type Result = { reason: string; detail: string } | undefined;
type CheckFn = (meta: { annotations?: Record<string, string> }, spec: PodSpec) => Result;
interface Check {
    id: string;
    level: "baseline" | "restricted";
    overrides?: string[];
    run: CheckFn;
}

const windows = (spec: PodSpec) => spec.os?.name === "windows";
const userNamespace = (spec: PodSpec) => spec.hostUsers === false;
const sc = (c: Container) => c.securityContext ?? undefined;

function hostNamespaces(_: unknown, spec: PodSpec): Result {
    const found = [spec.hostNetwork && "hostNetwork=true", spec.hostPID && "hostPID=true", spec.hostIPC && "hostIPC=true"].filter(
        Boolean,
    ) as string[];
    return found.length ? { reason: "host namespaces", detail: found.join(", ") } : undefined;
}

function privileged(_: unknown, spec: PodSpec): Result {
    const bad: string[] = [];
    visit(spec, (c) => {
        if (sc(c)?.privileged === true) bad.push(c.name!);
    });
    return bad.length ? { reason: "privileged", detail: `${containers(bad)} must not set securityContext.privileged=true` } : undefined;
}

const BASELINE_CAPABILITIES = new Set([
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
]);

function capabilitiesBaseline(_: unknown, spec: PodSpec): Result {
    const bad: string[] = [];
    const caps = new Set<string>();
    visit(spec, (c) => {
        const add: string[] = sc(c)?.capabilities?.add ?? [];
        const extra = add.filter((cap) => !BASELINE_CAPABILITIES.has(cap));
        for (const cap of extra) caps.add(cap);
        if (extra.length) bad.push(c.name!);
    });
    return bad.length
        ? {
              reason: "non-default capabilities",
              detail: `${containers(bad)} must not include ${joinQuote(sorted(caps))} in securityContext.capabilities.add`,
          }
        : undefined;
}

function capabilitiesRestricted(_: unknown, spec: PodSpec): Result {
    if (windows(spec)) return undefined;
    const missingDrop: string[] = [];
    const adding: string[] = [];
    const caps = new Set<string>();
    visit(spec, (c) => {
        const capabilities = sc(c)?.capabilities;
        if (!capabilities) {
            missingDrop.push(c.name!);
            return;
        }
        if (!(capabilities.drop ?? []).includes("ALL")) missingDrop.push(c.name!);
        const extra = (capabilities.add ?? []).filter((cap: string) => cap !== "NET_BIND_SERVICE");
        for (const cap of extra as string[]) caps.add(cap);
        if (extra.length) adding.push(c.name!);
    });
    const details: string[] = [];
    if (missingDrop.length) details.push(`${containers(missingDrop)} must set securityContext.capabilities.drop=["ALL"]`);
    if (adding.length)
        details.push(`${containers(adding)} must not include ${joinQuote(sorted(caps))} in securityContext.capabilities.add`);
    return details.length ? { reason: "unrestricted capabilities", detail: details.join("; ") } : undefined;
}

function hostPathVolumes(_: unknown, spec: PodSpec): Result {
    const bad = (spec.volumes ?? []).filter((v) => v.hostPath).map((v) => v.name);
    return bad.length ? { reason: "hostPath volumes", detail: `${plural("volume", "volumes", bad.length)} ${joinQuote(bad)}` } : undefined;
}

function hostPorts(_: unknown, spec: PodSpec): Result {
    const bad: string[] = [];
    const ports = new Set<string>();
    visit(spec, (c) => {
        const used = (c.ports ?? []).filter((p) => p.hostPort !== undefined && p.hostPort !== 0);
        for (const p of used) ports.add(String(p.hostPort));
        if (used.length) bad.push(c.name!);
    });
    return bad.length
        ? {
              reason: "hostPort",
              detail: `${containers(bad)} ${plural("uses", "use", bad.length)} ${plural("hostPort", "hostPorts", ports.size)} ${sorted(ports).join(", ")}`,
          }
        : undefined;
}

function hostProbesAndHostLifecycle(_: unknown, spec: PodSpec): Result {
    const bad = new Set<string>();
    const hosts = new Set<string>();
    const hostsOf = (handler?: Record<string, any>) =>
        [handler?.httpGet?.host, handler?.tcpSocket?.host].filter((h) => typeof h === "string" && h !== "") as string[];
    visit(spec, (c) => {
        for (const handler of [c.livenessProbe, c.readinessProbe, c.startupProbe, c.lifecycle?.postStart, c.lifecycle?.preStop]) {
            const found = hostsOf(handler);
            if (found.length) {
                bad.add(c.name!);
                for (const h of found) hosts.add(h);
            }
        }
    });
    return bad.size
        ? {
              reason: "probe or lifecycle host",
              detail: `${containers(sorted(bad))} ${plural("uses", "use", bad.size)} ${plural("probe or lifecycle host", "probe or lifecycle hosts", hosts.size)} ${joinQuote(sorted(hosts))}`,
          }
        : undefined;
}

function appArmorProfile(meta: { annotations?: Record<string, string> }, spec: PodSpec): Result {
    const allowed = (t: unknown) => t === "RuntimeDefault" || t === "Localhost";
    const setters: string[] = [];
    const values = new Set<string>();
    const podProfile = spec.securityContext?.appArmorProfile;
    if (podProfile && !allowed(podProfile.type)) {
        setters.push("pod");
        values.add(String(podProfile.type ?? ""));
    }
    const bad: string[] = [];
    visit(spec, (c) => {
        const profile = sc(c)?.appArmorProfile;
        if (profile && !allowed(profile.type)) {
            bad.push(c.name!);
            values.add(String(profile.type ?? ""));
        }
    });
    if (bad.length) setters.push(containers(bad));
    const annotations = Object.entries(meta.annotations ?? {})
        .filter(
            ([k, v]) =>
                k.startsWith("container.apparmor.security.beta.kubernetes.io/") &&
                !(v === "" || v === "runtime/default" || v.startsWith("localhost/")),
        )
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .sort();
    const valueList = [...sorted(values), ...annotations];
    if (annotations.length) setters.push(plural("annotation", "annotations", annotations.length));
    return setters.length
        ? {
              reason: plural("forbidden AppArmor profile", "forbidden AppArmor profiles", valueList.length),
              detail: `${setters.join(" and ")} must not set AppArmor profile type to ${joinQuote(valueList)}`,
          }
        : undefined;
}

const SELINUX_TYPES = new Set(["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"]);

function seLinuxOptions(_: unknown, spec: PodSpec): Result {
    const setters: string[] = [];
    const types = new Set<string>();
    let user = false;
    let role = false;
    const valid = (o: Record<string, string>) => {
        let ok = true;
        if (!SELINUX_TYPES.has(o.type ?? "")) {
            ok = false;
            types.add(o.type);
        }
        if (o.user) {
            ok = false;
            user = true;
        }
        if (o.role) {
            ok = false;
            role = true;
        }
        return ok;
    };
    if (spec.securityContext?.seLinuxOptions && !valid(spec.securityContext.seLinuxOptions)) setters.push("pod");
    const bad: string[] = [];
    visit(spec, (c) => {
        if (sc(c)?.seLinuxOptions && !valid(sc(c)!.seLinuxOptions)) bad.push(c.name!);
    });
    if (bad.length) setters.push(containers(bad));
    if (!setters.length) return undefined;
    const data: string[] = [];
    if (types.size) data.push(`${plural("type", "types", types.size)} ${joinQuote(sorted(types))}`);
    if (user) data.push("user may not be set");
    if (role) data.push("role may not be set");
    return {
        reason: "seLinuxOptions",
        detail: `${setters.join(" and ")} set forbidden securityContext.seLinuxOptions: ${data.join("; ")}`,
    };
}

function procMountStrict(_: unknown, spec: PodSpec): Result {
    const bad: string[] = [];
    const types = new Set<string>();
    visit(spec, (c) => {
        const procMount = sc(c)?.procMount;
        if (procMount !== undefined && procMount !== "Default") {
            bad.push(c.name!);
            types.add(procMount);
        }
    });
    return bad.length
        ? { reason: "procMount", detail: `${containers(bad)} must not set securityContext.procMount to ${joinQuote(sorted(types))}` }
        : undefined;
}

const validSeccomp = (t: unknown) => t === "Localhost" || t === "RuntimeDefault";

function seccompProfile(spec: PodSpec, requireSet: boolean): Result {
    const setters: string[] = [];
    const values = new Set<string>();
    let podSet = false;
    const podProfile = spec.securityContext?.seccompProfile;
    if (podProfile) {
        if (!validSeccomp(podProfile.type)) {
            setters.push("pod");
            values.add(String(podProfile.type ?? ""));
        } else podSet = true;
    }
    const explicit: string[] = [];
    const implicit: string[] = [];
    visit(spec, (c) => {
        const profile = sc(c)?.seccompProfile;
        if (profile) {
            if (!validSeccomp(profile.type)) {
                explicit.push(c.name!);
                values.add(String(profile.type ?? ""));
            }
        } else if (!podSet) implicit.push(c.name!);
    });
    if (explicit.length) setters.push(containers(explicit));
    if (setters.length)
        return {
            reason: "seccompProfile",
            detail: `${setters.join(" and ")} must not set securityContext.seccompProfile.type to ${joinQuote(sorted(values))}`,
        };
    if (requireSet && implicit.length) {
        return {
            reason: "seccompProfile",
            detail: `pod or ${containers(implicit)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
        };
    }
    return undefined;
}

const SAFE_SYSCTLS = new Set([
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
    "net.ipv4.tcp_rmem",
    "net.ipv4.tcp_wmem",
]);

function sysctls(_: unknown, spec: PodSpec): Result {
    const bad = ((spec.securityContext?.sysctls ?? []) as { name: string }[]).map((s) => s.name).filter((n) => !SAFE_SYSCTLS.has(n));
    return bad.length ? { reason: "forbidden sysctls", detail: bad.join(", ") } : undefined;
}

function windowsHostProcess(_: unknown, spec: PodSpec): Result {
    const setters: string[] = [];
    if (spec.securityContext?.windowsOptions?.hostProcess === true) setters.push("pod");
    const bad: string[] = [];
    visit(spec, (c) => {
        if (sc(c)?.windowsOptions?.hostProcess === true) bad.push(c.name!);
    });
    if (bad.length) setters.push(containers(bad));
    return setters.length
        ? { reason: "hostProcess", detail: `${setters.join(" and ")} must not set securityContext.windowsOptions.hostProcess=true` }
        : undefined;
}

function allowPrivilegeEscalation(_: unknown, spec: PodSpec): Result {
    if (windows(spec)) return undefined;
    const bad: string[] = [];
    visit(spec, (c) => {
        if (sc(c)?.allowPrivilegeEscalation !== false) bad.push(c.name!);
    });
    return bad.length
        ? {
              reason: "allowPrivilegeEscalation != false",
              detail: `${containers(bad)} must set securityContext.allowPrivilegeEscalation=false`,
          }
        : undefined;
}

const ALLOWED_VOLUMES = [
    "configMap",
    "csi",
    "downwardAPI",
    "emptyDir",
    "ephemeral",
    "image",
    "persistentVolumeClaim",
    "projected",
    "secret",
];
const RESTRICTED_VOLUMES = [
    "hostPath",
    "gcePersistentDisk",
    "awsElasticBlockStore",
    "gitRepo",
    "nfs",
    "iscsi",
    "glusterfs",
    "rbd",
    "flexVolume",
    "cinder",
    "cephfs",
    "flocker",
    "fc",
    "azureFile",
    "vsphereVolume",
    "quobyte",
    "azureDisk",
    "photonPersistentDisk",
    "portworxVolume",
    "scaleIO",
    "storageos",
];

function restrictedVolumes(_: unknown, spec: PodSpec): Result {
    const bad: string[] = [];
    const types = new Set<string>();
    for (const volume of spec.volumes ?? []) {
        if (ALLOWED_VOLUMES.some((t) => volume[t] !== undefined && volume[t] !== null)) continue;
        bad.push(volume.name);
        types.add(RESTRICTED_VOLUMES.find((t) => volume[t] !== undefined && volume[t] !== null) ?? "unknown");
    }
    return bad.length
        ? {
              reason: "restricted volume types",
              detail: `${plural("volume", "volumes", bad.length)} ${joinQuote(bad)} ${plural("uses", "use", bad.length)} ${plural("restricted volume type", "restricted volume types", types.size)} ${joinQuote(sorted(types))}`,
          }
        : undefined;
}

function runAsNonRoot(_: unknown, spec: PodSpec): Result {
    if (userNamespace(spec)) return undefined;
    const setters: string[] = [];
    let podNonRoot = false;
    const podValue = spec.securityContext?.runAsNonRoot;
    if (podValue !== undefined) {
        if (!podValue) setters.push("pod");
        else podNonRoot = true;
    }
    const explicit: string[] = [];
    const implicit: string[] = [];
    visit(spec, (c) => {
        const value = sc(c)?.runAsNonRoot;
        if (value !== undefined) {
            if (!value) explicit.push(c.name!);
        } else if (!podNonRoot) implicit.push(c.name!);
    });
    if (explicit.length) setters.push(containers(explicit));
    if (setters.length)
        return { reason: "runAsNonRoot != true", detail: `${setters.join(" and ")} must not set securityContext.runAsNonRoot=false` };
    if (implicit.length)
        return { reason: "runAsNonRoot != true", detail: `pod or ${containers(implicit)} must set securityContext.runAsNonRoot=true` };
    return undefined;
}

function runAsUser(_: unknown, spec: PodSpec): Result {
    if (userNamespace(spec)) return undefined;
    const setters: string[] = [];
    if (spec.securityContext?.runAsUser === 0) setters.push("pod");
    const bad: string[] = [];
    visit(spec, (c) => {
        if (sc(c)?.runAsUser === 0) bad.push(c.name!);
    });
    if (bad.length) setters.push(containers(bad));
    return setters.length ? { reason: "runAsUser=0", detail: `${setters.join(" and ")} must not set runAsUser=0` } : undefined;
}

/** Kubernetes 1.35's checks, in the order the upstream registry sorts them (by id). */
const CHECKS: Check[] = [
    { id: "allowPrivilegeEscalation", level: "restricted", run: allowPrivilegeEscalation },
    { id: "appArmorProfile", level: "baseline", run: appArmorProfile },
    { id: "capabilities_baseline", level: "baseline", run: capabilitiesBaseline },
    { id: "capabilities_restricted", level: "restricted", overrides: ["capabilities_baseline"], run: capabilitiesRestricted },
    { id: "hostNamespaces", level: "baseline", run: hostNamespaces },
    { id: "hostPathVolumes", level: "baseline", run: hostPathVolumes },
    { id: "hostPorts", level: "baseline", run: hostPorts },
    { id: "hostProbesAndHostLifecycle", level: "baseline", run: hostProbesAndHostLifecycle },
    { id: "privileged", level: "baseline", run: privileged },
    // From 1.35 baseline relaxes procMount in a user namespace; restricted keeps the unconditional check.
    { id: "procMount", level: "baseline", run: (m, s) => (userNamespace(s) ? undefined : procMountStrict(m, s)) },
    { id: "procMount_restricted", level: "restricted", overrides: ["procMount"], run: procMountStrict },
    { id: "restrictedVolumes", level: "restricted", overrides: ["hostPathVolumes"], run: restrictedVolumes },
    { id: "runAsNonRoot", level: "restricted", run: runAsNonRoot },
    { id: "runAsUser", level: "restricted", run: runAsUser },
    { id: "seLinuxOptions", level: "baseline", run: seLinuxOptions },
    { id: "seccompProfile_baseline", level: "baseline", run: (_, s) => seccompProfile(s, false) },
    {
        id: "seccompProfile_restricted",
        level: "restricted",
        overrides: ["seccompProfile_baseline"],
        run: (_, s) => (windows(s) ? undefined : seccompProfile(s, true)),
    },
    { id: "sysctls", level: "baseline", run: sysctls },
    { id: "windowsHostProcess", level: "baseline", run: windowsHostProcess },
];

/**
 * The Pod Security Standard checks a workload's pod template fails at `level` (Pod, Deployment, DaemonSet,
 * StatefulSet, ReplicaSet, ReplicationController, Job, CronJob, PodTemplate); [] for other kinds and for `privileged`.
 */
export function podSecurityProblems(object: K8sObject, level: Level): PodSecurityProblem[] {
    const template = podTemplateOf(object);
    if (!template || level === "privileged") return [];
    const active = CHECKS.filter((c) => level === "restricted" || c.level === "baseline");
    const overridden = new Set(active.flatMap((c) => c.overrides ?? []));
    const out: PodSecurityProblem[] = [];
    for (const check of active) {
        if (overridden.has(check.id)) continue;
        const result = check.run(template.metadata ?? {}, template.spec ?? {});
        if (result)
            out.push({
                check: check.id,
                level: check.level,
                ...result,
                message: `${level}: ${result.reason} (${result.detail}) [${check.id}]`,
            });
    }
    return out;
}

export const ENFORCE_LABEL = "pod-security.kubernetes.io/enforce";
export const WARN_LABEL = "pod-security.kubernetes.io/warn";
const LEVELS: Level[] = ["privileged", "baseline", "restricted"];

/** What Pod Security Admission does with one workload in its namespace. */
export interface Admission {
    object: K8sObject;
    namespace: string;
    enforce: Level;
    warn: Level;
    /** Failed checks at the enforce level: the API server refuses the Pod (for a controller: the pods it creates). */
    refused: PodSecurityProblem[];
    /** Failed checks at the warn level: the API server warns on create/update. */
    warned: PodSecurityProblem[];
}

/** A namespace's level for a mode label; absent means the cluster default, an unparsable value means restricted (as PSA does). */
function levelOf(labels: Record<string, string> | undefined, label: string, clusterDefault: Level): Level {
    const value = labels?.[label];
    if (value === undefined) return clusterDefault;
    return (LEVELS as string[]).includes(value) ? (value as Level) : "restricted";
}

/**
 * For every workload in `objects`, its namespace's enforce and warn levels (from Namespace objects in `namespaces`)
 * and the checks it fails at each. Objects without metadata.namespace are in `defaultNamespace` (a Helm release's
 * namespace). Namespaces not given, or without the labels, get `clusterDefault` (EKS's is privileged).
 */
export function podSecurityAdmission(
    objects: readonly K8sObject[],
    namespaces: readonly K8sObject[],
    options: { defaultNamespace?: string; clusterDefault?: Level } = {},
): Admission[] {
    const clusterDefault = options.clusterDefault ?? "privileged";
    const labels = new Map(namespaces.filter((n) => n.kind === "Namespace").map((n) => [n.metadata?.name, n.metadata?.labels]));
    return objects
        .filter((o) => podTemplateOf(o) !== undefined)
        .map((object) => {
            const namespace = object.metadata?.namespace ?? options.defaultNamespace ?? "default";
            const enforce = levelOf(labels.get(namespace), ENFORCE_LABEL, clusterDefault);
            const warn = levelOf(labels.get(namespace), WARN_LABEL, clusterDefault);
            return {
                object,
                namespace,
                enforce,
                warn,
                refused: podSecurityProblems(object, enforce),
                warned: podSecurityProblems(object, warn),
            };
        });
}
