import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { stackRegistry } from "../offline/engine/program";
import type { RecordedResource, Registry } from "../offline/engine/registry";
import { ROOT } from "../offline/engine/stackfile";

/**
 * What the Helm releases of dev and staging would get wrong on a real cluster, checked on the values the program sends.
 * Facts about the charts are read from their sources at the pinned versions (kube-prometheus-stack 88.5.3,
 * nginx-ingress 2.6.4, fluent-bit 0.58.1, jaeger 4.11.1, flux-operator) and written here as data, not imported from
 * the code under test.
 */
const RELEASE = "kubernetes:helm.sh/v3:Release";
const PULL_SECRET = "docker-hub";

/**
 * Every release and what it pulls from Docker Hub, with where its chart takes a pull secret. A release missing here
 * fails the test below: each new chart must be classified by reading its rendered images.
 */
const DOCKER_HUB: Record<string, { images: string[]; pullSecrets?: (values: any) => unknown[] }> = {
    "nginx-ingress": { images: ["nginx/nginx-ingress"], pullSecrets: (v) => v.controller?.serviceAccount?.imagePullSecretsNames ?? [] },
    "kube-prometheus-stack": {
        images: ["grafana/grafana", "busybox (CRD upgrade job)"],
        pullSecrets: (v) => (v.global?.imagePullSecrets ?? []).map((s: any) => (typeof s === "string" ? s : s.name)),
    },
    jaeger: { images: ["jaegertracing/jaeger"], pullSecrets: (v) => v.jaeger?.image?.pullSecrets ?? [] },
    "fluent-bit": { images: [] }, // cr.fluentbit.io
    "flux-operator": { images: [] }, // ghcr.io
    karpenter: { images: [] }, // public.ecr.aws
    "karpenter-crd": { images: [] }, // CRDs only
};

const releaseNamed = (reg: Registry, name: string) => {
    const found = reg.ofType(RELEASE).filter((r) => r.inputs.name === name);
    assert.strictEqual(found.length, 1, `one release ${name}`);
    return found[0];
};

/** The URN the engine gives a resource: its parents' types joined by `$`, below the stack. */
function urnOf(reg: Registry, r: RecordedResource, stack: string): string {
    const types: string[] = [];
    for (let cur: RecordedResource | undefined = r; cur; cur = cur.parent ? reg.byKey(cur.parent) : undefined) types.unshift(cur.type);
    return `urn:pulumi:${stack}::platform::${types.join("$")}::${r.name}`;
}

const configLines = (s: string) =>
    s
        .split("\n")
        .map((l) => l.trim())
        .filter(Boolean);

for (const stack of ["dev", "staging"]) {
    describe(`chart values (${stack}): what the releases would get wrong on EKS`, () => {
        let reg: Registry;
        let kps: any;
        before(async () => {
            reg = await stackRegistry(stack);
            kps = releaseNamed(reg, "kube-prometheus-stack").inputs.values;
        });

        it("scrapes no control-plane component EKS hides and ships no rules for them", () => {
            for (const component of ["kubeScheduler", "kubeControllerManager", "kubeEtcd", "kubeProxy"]) {
                assert.strictEqual(kps[component]?.enabled, false, component);
            }
            // defaultRules.rules.* of 88.5.3 for KubeSchedulerDown, KubeControllerManagerDown, etcd*, KubeProxyDown.
            for (const group of ["etcd", "kubeControllerManager", "kubeProxy", "kubeSchedulerAlerting", "kubeSchedulerRecording"]) {
                assert.strictEqual(kps.defaultRules?.rules?.[group], false, group);
            }
        });

        it("routes every alert to the stack's SNS alarm topic with SigV4, Watchdog and InfoInhibitor to a null receiver", () => {
            const topic = reg.one("aws:sns/topic:Topic");
            const config = kps.alertmanager?.config;
            assert.ok(config, "alertmanager.config");
            const receivers = Object.fromEntries(config.receivers.map((r: any) => [r.name, r]));
            assert.strictEqual(config.route.receiver, "sns");
            assert.deepStrictEqual(receivers.sns.sns_configs, [
                { topic_arn: topic.outputs.arn, sigv4: { region: "us-east-1" }, send_resolved: true },
            ]);
            assert.deepStrictEqual(receivers.null, { name: "null" });
            for (const alertname of ["Watchdog", "InfoInhibitor"]) {
                const route = config.route.routes.find((r: any) => r.matchers.includes(`alertname = "${alertname}"`));
                assert.strictEqual(route?.receiver, "null", alertname);
            }
            assert.ok(config.route.group_by.includes("alertname") && config.route.group_by.includes("namespace"));
            assert.ok(config.inhibit_rules.some((r: any) => r.source_matchers?.includes("severity = critical")));
        });

        it("gives Alertmanager's ServiceAccount a Pod Identity role that may only publish to that topic, with its KMS key", () => {
            const topic = reg.one("aws:sns/topic:Topic");
            const sa = kps.alertmanager?.serviceAccount?.name;
            const association = reg
                .ofType("aws:eks/podIdentityAssociation:PodIdentityAssociation")
                .find((a) => a.inputs.namespace === "monitoring" && a.inputs.serviceAccount === sa);
            assert.ok(sa && association, `association for monitoring/${sa}`);
            const roleName = association!.name.replace(/-association$/, "");
            const policy = JSON.parse(reg.one("aws:iam/rolePolicy:RolePolicy", `${roleName}-policy-0`).inputs.policy);
            assert.deepStrictEqual(policy.Statement, [
                { Sid: "PublishAlarms", Effect: "Allow", Action: "sns:Publish", Resource: topic.outputs.arn },
                {
                    Sid: "EncryptForTopic",
                    Effect: "Allow",
                    Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
                    Resource: topic.inputs.kmsMasterKeyId,
                },
            ]);
            // Credentials are injected at pod start: the release waits for the association's component.
            assert.ok(releaseNamed(reg, "kube-prometheus-stack").dependsOn.includes(`platform:cluster:PodIdentityRole::${roleName}`));
            // The topic key's policy delegates to IAM in the account, so the role's policy is enough.
            const key = reg.ofType("aws:kms/key:Key").find((k) => k.outputs.arn === topic.inputs.kmsMasterKeyId);
            assert.ok(
                JSON.parse(key!.inputs.policy).Statement.some((s: any) => s.Sid === "AccountAdmin" && /:root$/.test(s.Principal.AWS)),
            );
        });

        it("lets the monitoring namespace reach the Pod Identity agent (Alertmanager's credentials)", () => {
            const egress = reg
                .ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy")
                .filter((p) => p.inputs.metadata.namespace === "monitoring")
                .flatMap((p) => p.inputs.spec.egress ?? []);
            assert.ok(
                egress.some(
                    (e: any) => e.to?.some((t: any) => t.ipBlock?.cidr === "169.254.170.23/32") && e.ports?.some((p: any) => p.port === 80),
                ),
            );
        });

        it("keeps the alarm topic's URN (live stacks: a new URN would replace it and its e-mail subscriptions)", () => {
            const topic = reg.one("aws:sns/topic:Topic");
            // Recorded from the program before the topic had to exist ahead of the metrics layer.
            assert.strictEqual(
                urnOf(reg, topic, stack),
                `urn:pulumi:${stack}::platform::platform:monitoring:Monitoring$aws:sns/topic:Topic::${stack}-monitoring-alarms`,
            );
        });

        it("turns the Flux Operator's unauthenticated web UI (and its open NetworkPolicy) off", () => {
            assert.strictEqual(releaseNamed(reg, "flux-operator").inputs.values.web?.enabled, false);
        });

        it("pulls every Docker Hub image with the docker-hub secret, which exists in the release's namespace", () => {
            const secretNamespaces = reg
                .ofType("kubernetes:core/v1:Secret")
                .filter((s) => s.inputs.metadata.name === PULL_SECRET && s.inputs.type === "kubernetes.io/dockerconfigjson")
                .map((s) => s.inputs.metadata.namespace);
            const problems: string[] = [];
            for (const r of reg.ofType(RELEASE)) {
                const entry = DOCKER_HUB[r.inputs.name];
                if (!entry) {
                    problems.push(`${r.inputs.name}: not classified`);
                    continue;
                }
                if (entry.images.length === 0) continue;
                if (!entry.pullSecrets!(r.inputs.values).includes(PULL_SECRET))
                    problems.push(`${r.inputs.name}: values do not name ${PULL_SECRET}`);
                if (!secretNamespaces.includes(r.inputs.namespace))
                    problems.push(`${r.inputs.name}: no ${PULL_SECRET} Secret in ${r.inputs.namespace}`);
            }
            assert.deepStrictEqual(problems, []);
        });

        it("scrapes the ingress controller, Fluent Bit, Flux and Jaeger, after kube-prometheus-stack brings the CRDs", () => {
            const monitors = reg.resources.filter((r) =>
                /^kubernetes:monitoring\.coreos\.com\/v1:(PodMonitor|ServiceMonitor)$/.test(r.type),
            );
            const kpsKey = releaseNamed(reg, "kube-prometheus-stack").key;
            const byNamespace = (ns: string) => monitors.filter((m) => m.inputs.metadata.namespace === ns);
            const expected: [string, string, string][] = [
                ["kube-ingress", "PodMonitor", "prometheus"],
                ["logging", "ServiceMonitor", "http"],
                ["flux-system", "PodMonitor", "http-prom"],
                ["flux-system", "PodMonitor", "http-metrics"],
                ["observability", "ServiceMonitor", "internal-metrics"],
            ];
            for (const [ns, kind, port] of expected) {
                const m = byNamespace(ns).find(
                    (x) =>
                        x.inputs.kind === kind &&
                        (x.inputs.spec.podMetricsEndpoints ?? x.inputs.spec.endpoints).some((e: any) => e.port === port),
                );
                assert.ok(m, `${kind} in ${ns} on port ${port}`);
                assert.ok(m!.dependsOn.includes(kpsKey), `${m!.name} depends on ${kpsKey}`);
                // That the NetworkPolicies admit the scrape is proven pod to pod in charts-behaviour.test.ts (item 5).
            }
            // Jaeger's collector serves its metrics on localhost unless configured; the Service port is 8888.
            const telemetry = releaseNamed(reg, "jaeger").inputs.values.userconfig.service.telemetry;
            assert.deepStrictEqual(telemetry?.metrics?.readers?.[0]?.pull?.exporter?.prometheus, { host: "0.0.0.0", port: 8888 });
            // Prometheus selects monitors of every release and namespace.
            assert.strictEqual(kps.prometheus.prometheusSpec.serviceMonitorSelectorNilUsesHelmValues, false);
            assert.strictEqual(kps.prometheus.prometheusSpec.podMonitorSelectorNilUsesHelmValues, false);
        });

        it("upgrades the operator's CRDs with the chart's hook Job (pinned busybox), not only on first install", () => {
            assert.strictEqual(kps.crds?.enabled, true);
            assert.strictEqual(kps.crds?.upgradeJob?.enabled, true);
            assert.strictEqual(kps.crds.upgradeJob.forceConflicts, true);
            assert.match(kps.crds.upgradeJob.image?.busybox?.tag ?? "latest", /^\d+\.\d+\.\d+$/);
        });

        it("runs Fluent Bit with seccomp RuntimeDefault", () => {
            const v = releaseNamed(reg, "fluent-bit").inputs.values;
            const type = v.podSecurityContext?.seccompProfile?.type ?? v.securityContext?.seccompProfile?.type;
            assert.strictEqual(type, "RuntimeDefault");
        });

        it("buffers Fluent Bit's logs on the node's filesystem, with a size limit, so a restart loses nothing read", () => {
            const v = releaseNamed(reg, "fluent-bit").inputs.values;
            const service = configLines(v.config.service ?? "");
            const storagePath = service.find((l) => l.startsWith("storage.path "))?.split(/\s+/)[1];
            assert.ok(storagePath, "storage.path in [SERVICE]");
            const hostPaths = [...(v.extraVolumes ?? []), ...(v.daemonSetVolumes ?? [])]
                .filter((vol: any) => vol.hostPath)
                .map((vol: any) => vol.name);
            const mount = (v.extraVolumeMounts ?? []).find((m: any) => hostPaths.includes(m.name) && storagePath!.startsWith(m.mountPath));
            assert.ok(mount, "storage.path lies on a hostPath volume");
            assert.ok(service.some((l) => /^storage\.max_chunks_up \d+$/.test(l)));
            assert.ok(service.some((l) => /^storage\.backlog\.mem_limit \d+[KMG]?$/.test(l)));
            assert.ok(configLines(v.config.inputs).includes("storage.type filesystem"));
            assert.ok(configLines(v.config.outputs).some((l) => /^storage\.total_limit_size \d+[KMG]$/.test(l)));
            assert.ok(
                !fs.readFileSync(path.join(ROOT, "components/observability/logs.ts"), "utf8").includes("resumes from its DB offsets"),
            );
        });

        it("deletes the Prometheus and Alertmanager volumes with their StatefulSets", () => {
            assert.deepStrictEqual(kps.prometheus.prometheusSpec.persistentVolumeClaimRetentionPolicy?.whenDeleted, "Delete");
            assert.deepStrictEqual(kps.alertmanager.alertmanagerSpec.persistentVolumeClaimRetentionPolicy?.whenDeleted, "Delete");
        });
    });
}
