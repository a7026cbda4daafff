import * as assert from "node:assert";
import type { PolicyResource, Tier } from "../policy/types";
import { stackView } from "../policy/view";
import { K5_EXCEPTION, isPinnedImage, isRendered, workloadsRules } from "../policy/rules/workloads";
import { res } from "../offline/engine/policy";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const PDB = "kubernetes:policy/v1:PodDisruptionBudget";
const labels = { app: "web" };

const container = () => ({
    name: "web",
    image: "example/web:1.2.3",
    env: [
        { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "web", key: "password" } } },
        { name: "LOG_LEVEL", value: "info" },
    ],
    securityContext: {
        runAsNonRoot: true,
        runAsUser: 1000,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
    },
    resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { cpu: "1", memory: "256Mi" } },
    livenessProbe: { httpGet: { path: "/alive", port: 8080 } },
    readinessProbe: { httpGet: { path: "/ready", port: 8080 } },
});
const podSpec = () =>
    ({
        securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
        topologySpreadConstraints: [
            {
                maxSkew: 1,
                topologyKey: "topology.kubernetes.io/zone",
                whenUnsatisfiable: "ScheduleAnyway",
                labelSelector: { matchLabels: labels },
            },
        ],
        containers: [container()] as any[],
    }) as any;
const deployment = (edit: (props: any) => void = () => undefined, extra: Partial<PolicyResource> = {}) => {
    const props = {
        metadata: { name: "web", namespace: "shop" },
        spec: { replicas: 2, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec() } },
    };
    edit(props);
    return res(DEPLOYMENT, "web", props, extra);
};
const pdb = (selector = labels) =>
    res(PDB, "web", { metadata: { name: "web", namespace: "shop" }, spec: { minAvailable: 1, selector: { matchLabels: selector } } });

function messages(resources: PolicyResource[], id: string, tier: Tier = "prod"): string[] {
    const rule = workloadsRules.find((r) => r.id === id)!;
    return rule.check(stackView(resources, tier)).map((v) => v.message);
}

describe("policy: workload rules", () => {
    it("covers K2, K3, K4, K5, K6 and K9", () => {
        assert.deepStrictEqual(
            workloadsRules.map((r) => r.id),
            ["K2", "K3", "K4", "K5", "K6", "K9"],
        );
    });

    it("pass for a hardened, pinned, probed, replicated Deployment with a PDB", () => {
        for (const rule of workloadsRules) assert.deepStrictEqual(messages([deployment(), pdb()], rule.id), [], rule.id);
    });

    const c = (p: any) => p.spec.template.spec.containers[0];
    const failing: [string, string, (p: any) => void, string[]][] = [
        [
            "K2",
            "root allowed",
            (p) => {
                c(p).securityContext.runAsNonRoot = false;
            },
            ["Deployment web container web may run as root: set runAsNonRoot true and a non-zero runAsUser."],
        ],
        [
            "K2",
            "uid 0",
            (p) => {
                c(p).securityContext.runAsUser = 0;
            },
            ["Deployment web container web may run as root: set runAsNonRoot true and a non-zero runAsUser."],
        ],
        [
            "K2",
            "escalation",
            (p) => {
                delete c(p).securityContext.allowPrivilegeEscalation;
            },
            ["Deployment web container web allows privilege escalation: set allowPrivilegeEscalation false."],
        ],
        [
            "K2",
            "writable root",
            (p) => {
                c(p).securityContext.readOnlyRootFilesystem = false;
            },
            ["Deployment web container web has a writable root filesystem: set readOnlyRootFilesystem true (emptyDir for /tmp)."],
        ],
        [
            "K2",
            "capabilities",
            (p) => {
                c(p).securityContext.capabilities = { drop: ["NET_RAW"] };
            },
            ["Deployment web container web keeps Linux capabilities: drop ALL."],
        ],
        [
            "K2",
            "no seccomp",
            (p) => {
                delete p.spec.template.spec.securityContext.seccompProfile;
            },
            ["Deployment web container web has no seccomp profile: set RuntimeDefault."],
        ],
        [
            "K2",
            "privileged",
            (p) => {
                c(p).securityContext.privileged = true;
            },
            ["Deployment web container web is privileged."],
        ],
        [
            "K2",
            "hostNetwork",
            (p) => {
                p.spec.template.spec.hostNetwork = true;
            },
            ["Deployment web sets hostNetwork."],
        ],
        [
            "K2",
            "hostPath",
            (p) => {
                p.spec.template.spec.volumes = [{ name: "docker", hostPath: { path: "/var/run/docker.sock" } }];
            },
            ["Deployment web mounts hostPath volume docker."],
        ],
        [
            "K2",
            "init container",
            (p) => {
                p.spec.template.spec.initContainers = [
                    {
                        ...container(),
                        name: "init",
                        securityContext: { ...container().securityContext, readOnlyRootFilesystem: undefined },
                    },
                ];
            },
            ["Deployment web container init has a writable root filesystem: set readOnlyRootFilesystem true (emptyDir for /tmp)."],
        ],
        [
            "K3",
            "no limits",
            (p) => {
                delete c(p).resources.limits;
            },
            ["Deployment web container web lacks resources limits.cpu, limits.memory."],
        ],
        [
            "K3",
            "no memory request",
            (p) => {
                delete c(p).resources.requests.memory;
            },
            ["Deployment web container web lacks resources requests.memory."],
        ],
        [
            "K4",
            "no liveness",
            (p) => {
                delete c(p).livenessProbe;
            },
            ["Deployment web container web has no livenessProbe."],
        ],
        [
            "K4",
            "no probes",
            (p) => {
                delete c(p).livenessProbe;
                delete c(p).readinessProbe;
            },
            ["Deployment web container web has no livenessProbe.", "Deployment web container web has no readinessProbe."],
        ],
        [
            "K5",
            "one replica",
            (p) => {
                p.spec.replicas = 1;
            },
            ["Deployment web has 1 replica(s); at least 2 are required outside dev."],
        ],
        [
            "K5",
            "replicas unset",
            (p) => {
                delete p.spec.replicas;
            },
            ["Deployment web has 1 replica(s); at least 2 are required outside dev."],
        ],
        [
            "K5",
            "no zone spread",
            (p) => {
                delete p.spec.template.spec.topologySpreadConstraints;
            },
            ["Deployment web is not spread over zones: add a topologySpreadConstraint on topology.kubernetes.io/zone."],
        ],
        [
            "K5",
            "PDB in another namespace",
            (p) => {
                p.metadata.namespace = "other";
            },
            ["Deployment web has no PodDisruptionBudget selecting its pods."],
        ],
        [
            "K6",
            "latest",
            (p) => {
                c(p).image = "example/web:latest";
            },
            ['Deployment web container web uses image "example/web:latest": pin a version tag (not latest) or a digest.'],
        ],
        [
            "K6",
            "no tag",
            (p) => {
                c(p).image = "registry.example.com:5000/web";
            },
            ['Deployment web container web uses image "registry.example.com:5000/web": pin a version tag (not latest) or a digest.'],
        ],
        [
            "K9",
            "inline DSN",
            (p) => {
                c(p).env.push({ name: "DSN", value: "postgres://u:p@db/x" });
            },
            ["Deployment web container web sets DSN inline: take it from a Secret (secretKeyRef or envFrom)."],
        ],
        [
            "K9",
            "inline api key",
            (p) => {
                c(p).env.push({ name: "stripe_api_key", value: "sk_live_x" });
            },
            ["Deployment web container web sets stripe_api_key inline: take it from a Secret (secretKeyRef or envFrom)."],
        ],
    ];
    for (const [id, title, edit, expected] of failing) {
        it(`${id} fails: ${title}`, () => assert.deepStrictEqual(messages([deployment(edit), pdb()], id), expected));
    }

    it("reads the pod template of Jobs, CronJobs, StatefulSets, DaemonSets and bare Pods", () => {
        const bad = { ...podSpec(), containers: [{ ...container(), image: "example/web" }] };
        const resources = [
            res("kubernetes:batch/v1:Job", "migrate", { spec: { template: { spec: bad } } }),
            res("kubernetes:batch/v1:CronJob", "nightly", { spec: { jobTemplate: { spec: { template: { spec: bad } } } } }),
            res("kubernetes:apps/v1:StatefulSet", "db", { spec: { template: { spec: bad } } }),
            res("kubernetes:apps/v1:DaemonSet", "agent", { spec: { template: { spec: bad } } }),
            res("kubernetes:core/v1:Pod", "debug", { spec: bad }),
        ];
        assert.deepStrictEqual(
            messages(resources, "K6").map((m) => m.split(" container")[0]),
            ["Job migrate", "CronJob nightly", "StatefulSet db", "DaemonSet agent", "Pod debug"],
        );
    });

    it("K4 exempts Jobs and CronJobs; K5 looks only at Deployments and StatefulSets", () => {
        const noProbes = { ...podSpec(), containers: [{ ...container(), livenessProbe: undefined, readinessProbe: undefined }] };
        assert.deepStrictEqual(messages([res("kubernetes:batch/v1:Job", "migrate", { spec: { template: { spec: noProbes } } })], "K4"), []);
        assert.deepStrictEqual(
            messages([res("kubernetes:apps/v1:DaemonSet", "agent", { spec: { template: { spec: podSpec() } } })], "K5"),
            [],
        );
    });

    it("K5 applies outside dev only, and not to a workload that states its exception", () => {
        const single = deployment((p) => {
            p.spec.replicas = 1;
        });
        assert.deepStrictEqual(messages([single, pdb()], "K5", "dev"), []);
        assert.strictEqual(messages([single, pdb()], "K5", "staging").length, 1);
        const excepted = deployment((p) => {
            p.spec.replicas = 1;
            p.metadata.annotations = { [K5_EXCEPTION]: "debug pod" };
        });
        assert.deepStrictEqual(messages([excepted], "K5", "prod"), []);
        assert.strictEqual(messages([deployment(), pdb({ app: "other" })], "K5").length, 1);
    });

    it("still sees a spec that holds a secret value (the engine's secret envelope)", () => {
        const wrapped = deployment((p) => {
            p.spec = {
                "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
                value: { ...p.spec, template: { ...p.spec.template, spec: { ...podSpec(), hostNetwork: true } } },
            };
        });
        assert.deepStrictEqual(messages([wrapped, pdb()], "K2"), ["Deployment web sets hostNetwork."]);
    });

    it("skips objects rendered by a Helm chart (accepted exception), not the program's own", () => {
        const chartUrn =
            "urn:pulumi:prod::platform::platform:observability:Monitoring$kubernetes:helm.sh/v4:Chart$kubernetes:apps/v1:Deployment::grafana";
        const ownUrn = "urn:pulumi:prod::platform::platform:apps:Hydra$kubernetes:apps/v1:Deployment::hydra-server";
        const latest = (p: any) => {
            c(p).image = "grafana/grafana:latest";
        };
        assert.ok(isRendered(deployment(latest, { urn: chartUrn })));
        assert.deepStrictEqual(messages([deployment(latest, { urn: chartUrn })], "K6"), []);
        assert.strictEqual(messages([deployment(latest, { urn: ownUrn })], "K6").length, 1);
    });

    it("isPinnedImage accepts version tags and digests only", () => {
        const table: [string, boolean][] = [
            ["oryd/hydra:v26.2.0", true],
            ["postgres:17.6-alpine", true],
            ["localhost:5000/app:1.0", true],
            [`nginx@sha256:${"a".repeat(64)}`, true],
            ["nginx", false],
            ["nginx:latest", false],
            ["localhost:5000/app", false],
            ["nginx:", false],
        ];
        for (const [image, pinned] of table) assert.strictEqual(isPinnedImage(image), pinned, image);
    });
});
