import * as assert from "node:assert";
import { type Level, podSecurityAdmission, podSecurityProblems } from "../offline/k8s/pod-security";

/** A container that passes restricted on its own. */
const good = (name = "app", extra: Record<string, unknown> = {}) => ({
    name,
    image: "nginx:1.29.3",
    securityContext: {
        allowPrivilegeEscalation: false,
        runAsNonRoot: true,
        capabilities: { drop: ["ALL"] },
        seccompProfile: { type: "RuntimeDefault" },
        ...extra,
    },
});
const pod = (spec: Record<string, unknown>, annotations?: Record<string, string>) => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", annotations },
    spec,
});
const messages = (object: Record<string, unknown>, level: Level) => podSecurityProblems(object, level).map((p) => p.message);

/** [case, object, baseline messages, restricted messages] */
const ROWS: [string, Record<string, unknown>, string[], string[]][] = [
    ["restricted pod", pod({ containers: [good()] }), [], []],
    [
        "pod-level seccompProfile covers every container",
        pod({
            securityContext: { seccompProfile: { type: "RuntimeDefault" } },
            containers: [good("a", { seccompProfile: undefined }), good("b", { seccompProfile: undefined })],
        }),
        [],
        [],
    ],
    [
        "no seccompProfile anywhere",
        pod({ containers: [good("a", { seccompProfile: undefined })] }),
        [],
        [
            'restricted: seccompProfile (pod or container "a" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost") [seccompProfile_restricted]',
        ],
    ],
    [
        "pod Unconfined, container RuntimeDefault: pod still forbidden",
        pod({ securityContext: { seccompProfile: { type: "Unconfined" } }, containers: [good()] }),
        ['baseline: seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined") [seccompProfile_baseline]'],
        ['restricted: seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined") [seccompProfile_restricted]'],
    ],
    [
        "container Localhost overrides a missing pod profile",
        pod({ containers: [good("a", { seccompProfile: { type: "Localhost", localhostProfile: "p.json" } })] }),
        [],
        [],
    ],
    [
        "init and ephemeral containers count",
        pod({
            initContainers: [{ name: "init", image: "busybox:1.37" }],
            containers: [good()],
            ephemeralContainers: [{ name: "debug", image: "busybox:1.37" }],
        }),
        [],
        [
            'restricted: allowPrivilegeEscalation != false (containers "init", "debug" must set securityContext.allowPrivilegeEscalation=false) [allowPrivilegeEscalation]',
            'restricted: unrestricted capabilities (containers "init", "debug" must set securityContext.capabilities.drop=["ALL"]) [capabilities_restricted]',
            'restricted: runAsNonRoot != true (pod or containers "init", "debug" must set securityContext.runAsNonRoot=true) [runAsNonRoot]',
            'restricted: seccompProfile (pod or containers "init", "debug" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost") [seccompProfile_restricted]',
        ],
    ],
    [
        "host namespaces",
        pod({ hostNetwork: true, hostPID: true, containers: [good()] }),
        ["baseline: host namespaces (hostNetwork=true, hostPID=true) [hostNamespaces]"],
        ["restricted: host namespaces (hostNetwork=true, hostPID=true) [hostNamespaces]"],
    ],
    [
        "privileged",
        pod({ containers: [good("a", { privileged: true })] }),
        ['baseline: privileged (container "a" must not set securityContext.privileged=true) [privileged]'],
        ['restricted: privileged (container "a" must not set securityContext.privileged=true) [privileged]'],
    ],
    [
        "capabilities: SYS_ADMIN is beyond baseline",
        pod({ containers: [good("a", { capabilities: { drop: ["ALL"], add: ["SYS_ADMIN"] } })] }),
        [
            'baseline: non-default capabilities (container "a" must not include "SYS_ADMIN" in securityContext.capabilities.add) [capabilities_baseline]',
        ],
        [
            'restricted: unrestricted capabilities (container "a" must not include "SYS_ADMIN" in securityContext.capabilities.add) [capabilities_restricted]',
        ],
    ],
    [
        "capabilities: CHOWN is baseline, not restricted; NET_BIND_SERVICE is both",
        pod({ containers: [good("a", { capabilities: { drop: ["ALL"], add: ["CHOWN", "NET_BIND_SERVICE"] } })] }),
        [],
        [
            'restricted: unrestricted capabilities (container "a" must not include "CHOWN" in securityContext.capabilities.add) [capabilities_restricted]',
        ],
    ],
    [
        "capabilities: drop without ALL",
        pod({ containers: [good("a", { capabilities: { drop: ["NET_RAW"] } })] }),
        [],
        [
            'restricted: unrestricted capabilities (container "a" must set securityContext.capabilities.drop=["ALL"]) [capabilities_restricted]',
        ],
    ],
    [
        "hostPath volume: baseline hostPathVolumes, restricted restrictedVolumes",
        pod({
            containers: [good()],
            volumes: [
                { name: "logs", hostPath: { path: "/var/log" } },
                { name: "tmp", emptyDir: {} },
            ],
        }),
        ['baseline: hostPath volumes (volume "logs") [hostPathVolumes]'],
        ['restricted: restricted volume types (volume "logs" uses restricted volume type "hostPath") [restrictedVolumes]'],
    ],
    [
        "nfs volume is baseline but not restricted",
        pod({ containers: [good()], volumes: [{ name: "share", nfs: { server: "s", path: "/" } }] }),
        [],
        ['restricted: restricted volume types (volume "share" uses restricted volume type "nfs") [restrictedVolumes]'],
    ],
    [
        "hostPort",
        pod({ containers: [good("a", {}), { ...good("b"), ports: [{ containerPort: 80, hostPort: 80 }] }] }),
        ['baseline: hostPort (container "b" uses hostPort 80) [hostPorts]'],
        ['restricted: hostPort (container "b" uses hostPort 80) [hostPorts]'],
    ],
    [
        "probe host",
        pod({ containers: [{ ...good(), livenessProbe: { httpGet: { host: "10.0.0.1", port: 80 } } }] }),
        ['baseline: probe or lifecycle host (container "app" uses probe or lifecycle host "10.0.0.1") [hostProbesAndHostLifecycle]'],
        ['restricted: probe or lifecycle host (container "app" uses probe or lifecycle host "10.0.0.1") [hostProbesAndHostLifecycle]'],
    ],
    [
        "AppArmor Unconfined (field and annotation)",
        pod(
            { containers: [good("a", { appArmorProfile: { type: "Unconfined" } })] },
            { "container.apparmor.security.beta.kubernetes.io/a": "unconfined" },
        ),
        [
            'baseline: forbidden AppArmor profiles (container "a" and annotation must not set AppArmor profile type to "Unconfined", "container.apparmor.security.beta.kubernetes.io/a="unconfined"") [appArmorProfile]',
        ],
        [
            'restricted: forbidden AppArmor profiles (container "a" and annotation must not set AppArmor profile type to "Unconfined", "container.apparmor.security.beta.kubernetes.io/a="unconfined"") [appArmorProfile]',
        ],
    ],
    [
        "SELinux type and user",
        pod({ securityContext: { seLinuxOptions: { type: "spc_t", user: "root" } }, containers: [good()] }),
        ['baseline: seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: type "spc_t"; user may not be set) [seLinuxOptions]'],
        [
            'restricted: seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: type "spc_t"; user may not be set) [seLinuxOptions]',
        ],
    ],
    [
        "procMount Unmasked",
        pod({ containers: [good("a", { procMount: "Unmasked" })] }),
        ['baseline: procMount (container "a" must not set securityContext.procMount to "Unmasked") [procMount]'],
        ['restricted: procMount (container "a" must not set securityContext.procMount to "Unmasked") [procMount_restricted]'],
    ],
    [
        "procMount Unmasked in a user namespace: baseline allows, restricted does not",
        pod({ hostUsers: false, containers: [good("a", { procMount: "Unmasked" })] }),
        [],
        ['restricted: procMount (container "a" must not set securityContext.procMount to "Unmasked") [procMount_restricted]'],
    ],
    [
        "unsafe sysctl",
        pod({
            securityContext: {
                sysctls: [
                    { name: "net.ipv4.tcp_rmem", value: "4096" },
                    { name: "kernel.msgmax", value: "1" },
                ],
            },
            containers: [good()],
        }),
        ["baseline: forbidden sysctls (kernel.msgmax) [sysctls]"],
        ["restricted: forbidden sysctls (kernel.msgmax) [sysctls]"],
    ],
    [
        "runAsNonRoot false on the pod and a container",
        pod({ securityContext: { runAsNonRoot: false }, containers: [good("a", { runAsNonRoot: false })] }),
        [],
        ['restricted: runAsNonRoot != true (pod and container "a" must not set securityContext.runAsNonRoot=false) [runAsNonRoot]'],
    ],
    [
        "runAsUser 0",
        pod({ securityContext: { runAsUser: 0 }, containers: [good()] }),
        [],
        ["restricted: runAsUser=0 (pod must not set runAsUser=0) [runAsUser]"],
    ],
    [
        "runAsUser 0 and runAsNonRoot unset in a user namespace",
        pod({ hostUsers: false, securityContext: { runAsUser: 0 }, containers: [good("a", { runAsNonRoot: undefined })] }),
        [],
        [],
    ],
    [
        "Windows pods skip the Linux-only restricted checks",
        pod({
            os: { name: "windows" },
            securityContext: { runAsNonRoot: true },
            containers: [{ name: "w", image: "mcr.microsoft.com/windows/nanoserver:ltsc2022" }],
        }),
        [],
        [],
    ],
    [
        "windows hostProcess",
        pod({ securityContext: { windowsOptions: { hostProcess: true } }, containers: [good()] }),
        ["baseline: hostProcess (pod must not set securityContext.windowsOptions.hostProcess=true) [windowsHostProcess]"],
        ["restricted: hostProcess (pod must not set securityContext.windowsOptions.hostProcess=true) [windowsHostProcess]"],
    ],
];

describe("offline/k8s/pod-security: podSecurityProblems (Pod Security Admission 1.35 checks)", () => {
    for (const [name, object, baseline, restricted] of ROWS) {
        it(name, () => {
            assert.deepStrictEqual(messages(object, "baseline"), baseline, "baseline");
            assert.deepStrictEqual(messages(object, "restricted"), restricted, "restricted");
            assert.deepStrictEqual(messages(object, "privileged"), []);
        });
    }

    it("reads the pod template of every workload kind", () => {
        const spec = { containers: [good("a", { seccompProfile: undefined })] };
        const template = { metadata: {}, spec };
        const workloads = [
            { apiVersion: "apps/v1", kind: "Deployment", spec: { template } },
            { apiVersion: "apps/v1", kind: "DaemonSet", spec: { template } },
            { apiVersion: "apps/v1", kind: "StatefulSet", spec: { template } },
            { apiVersion: "apps/v1", kind: "ReplicaSet", spec: { template } },
            { apiVersion: "batch/v1", kind: "Job", spec: { template } },
            { apiVersion: "batch/v1", kind: "CronJob", spec: { jobTemplate: { spec: { template } } } },
            pod(spec),
        ];
        for (const w of workloads)
            assert.deepStrictEqual(
                podSecurityProblems(w, "restricted").map((p) => p.check),
                ["seccompProfile_restricted"],
                w.kind,
            );
        assert.deepStrictEqual(podSecurityProblems({ apiVersion: "v1", kind: "ConfigMap" }, "restricted"), []);
    });
});

describe("offline/k8s/pod-security: podSecurityAdmission (namespace labels)", () => {
    const ns = (name: string, labels: Record<string, string>) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name, labels } });
    const baselineOnly = {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "web" },
        spec: { template: { spec: { containers: [good("a", { seccompProfile: undefined })] } } },
    };
    const privileged = {
        apiVersion: "apps/v1",
        kind: "DaemonSet",
        metadata: { name: "agent", namespace: "logging" },
        spec: { template: { spec: { hostNetwork: true, containers: [good()] } } },
    };
    const namespaces = [
        ns("apps", { "pod-security.kubernetes.io/enforce": "baseline", "pod-security.kubernetes.io/warn": "restricted" }),
        ns("logging", { "pod-security.kubernetes.io/enforce": "restricted" }),
        ns("typo", { "pod-security.kubernetes.io/enforce": "restrictd" }),
    ];

    it("enforce refuses, warn warns, per namespace; objects without a namespace are in the release's", () => {
        const result = podSecurityAdmission(
            [baselineOnly, privileged, { apiVersion: "v1", kind: "Service", metadata: { name: "s" } }],
            namespaces,
            { defaultNamespace: "apps" },
        );
        assert.deepStrictEqual(
            result.map((r) => [
                r.object.metadata!.name,
                r.namespace,
                r.enforce,
                r.warn,
                r.refused.map((p) => p.check),
                r.warned.map((p) => p.check),
            ]),
            [
                ["web", "apps", "baseline", "restricted", [], ["seccompProfile_restricted"]],
                ["agent", "logging", "restricted", "privileged", ["hostNamespaces"], []],
            ],
        );
    });

    it("a namespace without labels gets the cluster default; an unparsable level counts as restricted", () => {
        const [unlabelled] = podSecurityAdmission([baselineOnly], namespaces, { defaultNamespace: "other" });
        assert.deepStrictEqual([unlabelled.enforce, unlabelled.refused], ["privileged", []]);
        const [strict] = podSecurityAdmission([baselineOnly], namespaces, { defaultNamespace: "other", clusterDefault: "restricted" });
        assert.deepStrictEqual(
            strict.refused.map((p) => p.check),
            ["seccompProfile_restricted"],
        );
        const [typo] = podSecurityAdmission([baselineOnly], namespaces, { defaultNamespace: "typo" });
        assert.deepStrictEqual([typo.enforce, typo.refused.map((p) => p.check)], ["restricted", ["seccompProfile_restricted"]]);
    });
});
