import * as assert from "node:assert";
import * as yaml from "js-yaml";
import type { K8sObject } from "../offline/charts/helm";
import { type RenderedRelease, renderReleases } from "../offline/charts/render";
import { podSecurityProblems } from "../offline/k8s/pod-security";
import { manifestsOf } from "../offline/k8s/declared";
import { type Policy, type Pod, connection } from "../offline/engine/network-policy";
import { stackRegistry } from "../offline/engine/program";
import type { Registry } from "../offline/engine/registry";

/**
 * What each Helm release really installs, read from `helm template` of the vendored chart with the program's exact
 * values: the defects a first real environment would otherwise meet (alerts that never clear or go nowhere, an open
 * Flux web UI, anonymous Docker Hub pulls, unscraped platform parts, CRDs that never upgrade, Pod Security warnings,
 * logs lost on restart, volumes left behind).
 */

const DOCKER_HUB_SECRET = "docker-hub";

/** True for an image Docker Hub serves: no registry host in front (`busybox`, `grafana/grafana`) or `docker.io/...`. */
function fromDockerHub(image: string): boolean {
    const first = image.split("/")[0];
    const hasHost = image.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
    return !hasHost || first === "docker.io" || first === "index.docker.io";
}

interface PodView {
    release: string;
    namespace: string;
    owner: string;
    images: string[];
    pullSecrets: string[];
    serviceAccount: string;
}

const names = (list: any[] | undefined): string[] => (list ?? []).map((s) => s.name);

/** Every pod a release makes, directly (workload templates) or through the operator (Prometheus, Alertmanager). */
function podsOf(r: RenderedRelease): PodView[] {
    const out: PodView[] = [];
    for (const o of r.objects as any[]) {
        const namespace = o.metadata?.namespace ?? r.namespace;
        const owner = `${o.kind}/${o.metadata?.name}`;
        const spec = o.kind === "CronJob" ? o.spec?.jobTemplate?.spec?.template?.spec : o.spec?.template?.spec;
        if (spec) {
            const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
            out.push({
                release: r.release,
                namespace,
                owner,
                images: containers.map((c: any) => c.image),
                pullSecrets: names(spec.imagePullSecrets),
                serviceAccount: spec.serviceAccountName ?? "default",
            });
        } else if (o.kind === "Prometheus" || o.kind === "Alertmanager") {
            out.push({
                release: r.release,
                namespace,
                owner,
                images: [o.spec.image],
                pullSecrets: names(o.spec.imagePullSecrets),
                serviceAccount: o.spec.serviceAccountName ?? "default",
            });
        }
    }
    return out;
}

const matches = (labels: Record<string, string> | undefined, selector: Record<string, string>) =>
    Object.entries(selector).every(([k, v]) => labels?.[k] === v);

for (const stack of ["dev", "staging"]) {
    describe(`what the charts install, read from helm template: ${stack}`, () => {
        let registry: Registry;
        let releases: RenderedRelease[];
        const release = (name: string) => {
            const found = releases.find((r) => r.release === name);
            assert.ok(found, `no release ${name}`);
            return found;
        };
        const objectsOf = (name: string, kind: string): any[] => release(name).objects.filter((o) => o.kind === kind);
        before(async function () {
            this.timeout(240000);
            registry = await stackRegistry(stack);
            releases = renderReleases(registry);
        });

        it("1. scrapes no control-plane component EKS hides, and ships no alert that would fire for ever about one", () => {
            const monitors = objectsOf("kube-prometheus-stack", "ServiceMonitor").map((m) => m.metadata.name);
            assert.ok(monitors.length > 0);
            assert.deepStrictEqual(
                monitors.filter((n) => /kube-(scheduler|controller-manager|etcd|proxy)/.test(n)),
                [],
            );
            const kubeSystemServices = objectsOf("kube-prometheus-stack", "Service")
                .filter((s) => s.metadata.namespace === "kube-system")
                .map((s) => s.metadata.name);
            assert.deepStrictEqual(
                kubeSystemServices.filter((n) => /scheduler|controller-manager|etcd|proxy/.test(n)),
                [],
            );
            const alerts = objectsOf("kube-prometheus-stack", "PrometheusRule").flatMap((r) =>
                r.spec.groups.flatMap((g: any) => g.rules.map((x: any) => x.alert).filter(Boolean)),
            );
            assert.ok(alerts.includes("KubeAPIDown") && alerts.includes("Watchdog"), "the rules that do apply are kept");
            assert.deepStrictEqual(
                alerts.filter((a: string) => /^(KubeSchedulerDown|KubeControllerManagerDown|KubeProxyDown|etcd)/.test(a)),
                [],
            );
        });

        it("2. Alertmanager sends every alert but Watchdog/InfoInhibitor to the stack's SNS topic, as a role that may publish there", () => {
            const secret = objectsOf("kube-prometheus-stack", "Secret").find(
                (s) => s.metadata.name === "alertmanager-kube-prometheus-stack-alertmanager",
            );
            assert.ok(secret, "the chart's Alertmanager config Secret");
            const config: any = yaml.load(Buffer.from(secret.data["alertmanager.yaml"], "base64").toString());
            const topicArn = registry.resources.find((r) => r.type === "aws:sns/topic:Topic" && r.name === `${stack}-monitoring-alarms`)
                ?.outputs.arn;
            assert.ok(topicArn);
            const receiver = config.receivers.find((x: any) => x.name === config.route.receiver);
            assert.deepStrictEqual(
                receiver.sns_configs.map((s: any) => s.topic_arn),
                [topicArn],
            );
            assert.ok(receiver.sns_configs[0].sigv4, "signed with the pod's AWS credentials");
            const silenced = config.route.routes.filter(
                (r: any) => config.receivers.find((x: any) => x.name === r.receiver)?.sns_configs === undefined,
            );
            assert.deepStrictEqual(silenced.map((r: any) => r.matchers.join()).sort(), [
                'alertname = "InfoInhibitor"',
                'alertname = "Watchdog"',
            ]);
            const [alertmanager] = objectsOf("kube-prometheus-stack", "Alertmanager");
            const association = registry
                .ofType("aws:eks/podIdentityAssociation:PodIdentityAssociation")
                .find((a) => a.inputs.namespace === "monitoring" && a.inputs.serviceAccount === alertmanager.spec.serviceAccountName);
            assert.ok(association, `no Pod Identity association for monitoring/${alertmanager.spec.serviceAccountName}`);
        });

        it("3. installs no Flux web UI and no NetworkPolicy that admits every namespace to flux-system", () => {
            const operator = release("flux-operator");
            const ports = operator.objects.flatMap((o: any) =>
                (o.spec?.template?.spec?.containers ?? []).flatMap((c: any) => (c.ports ?? []).map((p: any) => p.containerPort)),
            );
            assert.ok(!ports.includes(9080), `ports ${ports}`);
            const open = operator.objects.filter(
                (o: any) =>
                    o.kind === "NetworkPolicy" &&
                    (o.spec?.ingress ?? []).some((rule: any) =>
                        (rule.from ?? []).some((f: any) => f.namespaceSelector && Object.keys(f.namespaceSelector).length === 0),
                    ),
            );
            assert.deepStrictEqual(
                open.map((o) => o.metadata.name),
                [],
            );
        });

        it("4. pulls every Docker Hub image, the charts' and the program's own, with the docker-hub secret, which exists in the pod's namespace", () => {
            const serviceAccounts = new Map(
                releases.flatMap((r) =>
                    r.objects
                        .filter((o) => o.kind === "ServiceAccount")
                        .map(
                            (sa: any) =>
                                [`${sa.metadata.namespace ?? r.namespace}/${sa.metadata.name}`, names(sa.imagePullSecrets)] as const,
                        ),
                ),
            );
            const secretNamespaces = new Set(
                registry
                    .ofType("kubernetes:core/v1:Secret")
                    .filter((s) => s.inputs.metadata?.name === DOCKER_HUB_SECRET)
                    .map((s) => s.inputs.metadata.namespace),
            );
            // The program's own workloads, as one more "release" (their ServiceAccounts are declared, not rendered).
            const own: RenderedRelease = {
                release: "program",
                namespace: "default",
                chart: "",
                version: "",
                resource: "",
                crds: [],
                objects: manifestsOf(registry)
                    .filter((o) => !o.patch)
                    .map((o) => o.object as K8sObject),
            };
            const pods = [...releases, own].flatMap(podsOf).filter((p) => p.images.some(fromDockerHub));
            assert.ok(pods.some((p) => p.release === "program") && pods.length >= 5, `${pods.length} pods pull from Docker Hub`);
            const anonymous = pods.filter(
                (p) =>
                    ![...p.pullSecrets, ...(serviceAccounts.get(`${p.namespace}/${p.serviceAccount}`) ?? [])].includes(DOCKER_HUB_SECRET),
            );
            assert.deepStrictEqual(
                anonymous.map((p) => `${p.release}: ${p.owner} (${p.images.filter(fromDockerHub)})`),
                [],
            );
            assert.deepStrictEqual(
                [...new Set(pods.map((p) => p.namespace))].filter((ns) => !secretNamespaces.has(ns)),
                [],
            );
        });

        it("5. scrapes the ingress controller, Fluent Bit, the Flux Operator and Jaeger: each monitor selects a rendered pod or Service and its port", () => {
            const monitors = registry.resources
                .filter(
                    (r) =>
                        r.type === "kubernetes:monitoring.coreos.com/v1:ServiceMonitor" ||
                        r.type === "kubernetes:monitoring.coreos.com/v1:PodMonitor",
                )
                .map((r) => ({ kind: r.type.split(":").pop()!, namespace: r.inputs.metadata.namespace, spec: r.inputs.spec }));
            const found = (namespace: string, kind: string) =>
                releases.flatMap((r) =>
                    r.objects.filter((o: any) => o.kind === kind && (o.metadata.namespace ?? r.namespace) === namespace),
                ) as any[];
            const workloads = (namespace: string) => ["Deployment", "DaemonSet", "StatefulSet"].flatMap((k) => found(namespace, k));
            const containerPort = (w: any, name: string): number | undefined =>
                w.spec.template.spec.containers.flatMap((c: any) => c.ports ?? []).find((p: any) => p.name === name)?.containerPort;
            // Prometheus's own pods, as the chart's Service selects them: the scrape must pass every NetworkPolicy.
            const prometheus = found("monitoring", "Service").find((svc) => svc.metadata.name === "kube-prometheus-stack-prometheus");
            assert.ok(prometheus, "the Prometheus Service");
            const scraper: Pod = { namespace: "monitoring", labels: prometheus.spec.selector };
            const policies: Policy[] = registry
                .ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy")
                .map((p) => ({ namespace: p.inputs.metadata.namespace, name: p.inputs.metadata.name, spec: p.inputs.spec }));
            const covered: string[] = [];
            for (const m of monitors) {
                const selector = m.spec.selector.matchLabels ?? {};
                const port = (m.spec.endpoints ?? m.spec.podMetricsEndpoints)[0].port;
                let target: { workload: any; port: number | undefined } | undefined;
                if (m.kind === "ServiceMonitor") {
                    const service = found(m.namespace, "Service").find(
                        (svc) => matches(svc.metadata.labels, selector) && svc.spec.ports.some((p: any) => p.name === port),
                    );
                    const servicePort = service?.spec.ports.find((p: any) => p.name === port);
                    const workload =
                        service && workloads(m.namespace).find((w) => matches(w.spec.template.metadata?.labels, service.spec.selector));
                    if (workload) {
                        const t = servicePort.targetPort ?? servicePort.port;
                        target = { workload, port: typeof t === "number" ? t : containerPort(workload, t) };
                    }
                } else {
                    const workload = workloads(m.namespace).find(
                        (w) => matches(w.spec.template.metadata?.labels, selector) && containerPort(w, port) !== undefined,
                    );
                    if (workload) target = { workload, port: containerPort(workload, port) };
                }
                if (!target) continue;
                const pod: Pod = { namespace: m.namespace, labels: target.workload.spec.template.metadata.labels };
                assert.ok(target.port, `${m.namespace}/${target.workload.metadata.name}: no numeric port for ${port}`);
                assert.deepStrictEqual(
                    connection(policies, scraper, pod, target.port),
                    { egress: true, ingress: true, allowed: true },
                    `Prometheus may not scrape ${m.namespace}/${target.workload.metadata.name} on ${target.port}`,
                );
                covered.push(`${m.namespace}/${target.workload.metadata.name}`);
            }
            // Flux's controllers are made at run time by the FluxInstance, so only the operator is rendered offline.
            assert.deepStrictEqual(covered.sort(), [
                "flux-system/flux-operator",
                "kube-ingress/nginx-ingress-controller",
                "logging/fluent-bit",
                "observability/jaeger",
            ]);
            const config: any = yaml.load(
                objectsOf("jaeger", "ConfigMap").find((c) => c.metadata.name === "user-config").data["user-config.yaml"],
            );
            const reader = config.service.telemetry.metrics.readers[0].pull.exporter.prometheus;
            assert.strictEqual(reader.host, "0.0.0.0", "Jaeger serves its metrics beyond localhost");
        });

        it("6. upgrades the monitoring.coreos.com CRDs on every chart upgrade (a pre-upgrade hook applies them server-side)", () => {
            const job = objectsOf("kube-prometheus-stack", "Job").find(
                (j) =>
                    /pre-upgrade/.test(j.metadata.annotations?.["helm.sh/hook"] ?? "") &&
                    j.spec.template.spec.containers.some((c: any) => c.args?.includes("--server-side") && c.args?.includes("apply")),
            );
            assert.ok(job, "no pre-upgrade job applies the CRDs");
            assert.ok(release("kube-prometheus-stack").crds.length === 10, "a fresh install still gets the CRDs from crds/");
        });

        it("7. runs Fluent Bit with the RuntimeDefault seccomp profile (no Pod Security warning at restricted for it)", () => {
            const [daemonSet] = objectsOf("fluent-bit", "DaemonSet");
            const checks = podSecurityProblems(daemonSet as K8sObject, "restricted").map((p) => p.check);
            assert.ok(!checks.some((c) => c.startsWith("seccompProfile")), checks.join(", "));
        });

        it("buffers logs on the node's disk with a size limit, so a restart or drain loses none", () => {
            const conf: string = objectsOf("fluent-bit", "ConfigMap").find((c) => c.metadata.name === "fluent-bit").data["fluent-bit.conf"];
            const section = (name: string) =>
                conf
                    .split(/^\s*\[/m)
                    .filter((s) => s.startsWith(`${name}]`))
                    .join("\n");
            const storagePath = /storage\.path\s+(\S+)/.exec(section("SERVICE"))?.[1];
            assert.ok(storagePath, "no storage.path");
            assert.match(section("INPUT"), /storage\.type\s+filesystem/);
            assert.match(section("OUTPUT"), /storage\.total_limit_size\s+\d+[KMG]/);
            const [daemonSet] = objectsOf("fluent-bit", "DaemonSet");
            const pod = daemonSet.spec.template.spec;
            const mount = pod.containers[0].volumeMounts.find((m: any) => storagePath.startsWith(m.mountPath.replace(/\/?$/, "/")));
            assert.ok(mount, `no volume mounted at ${storagePath}`);
            assert.ok(pod.volumes.find((v: any) => v.name === mount.name)?.hostPath, "the buffer must outlive the pod: a hostPath");
        });

        it("deletes the Prometheus and Alertmanager volumes with them (destroy leaves no EBS volume billing)", () => {
            for (const kind of ["Prometheus", "Alertmanager"]) {
                const [object] = objectsOf("kube-prometheus-stack", kind);
                assert.ok(object.spec.storage?.volumeClaimTemplate, `${kind} keeps its data on a volume`);
                assert.strictEqual(object.spec.persistentVolumeClaimRetentionPolicy?.whenDeleted, "Delete", kind);
            }
        });
    });
}

describe("fromDockerHub", () => {
    it("tells Docker Hub images from other registries' by the first path segment", () => {
        assert.deepStrictEqual(
            ["busybox:1.37.0", "grafana/grafana:13", "docker.io/grafana/grafana:13", "nginx/nginx-ingress:5.5.4"].map(fromDockerHub),
            [true, true, true, true],
        );
        assert.deepStrictEqual(
            ["quay.io/prometheus/prometheus:v3", "registry.k8s.io/kubectl:v1.35.0", "localhost:5000/x", "ghcr.io/a/b:1"].map(fromDockerHub),
            [false, false, false, false],
        );
    });
});
