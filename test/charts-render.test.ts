import * as assert from "node:assert";
import { vendoredChart } from "../components/charts";
import { type K8sObject, helmTemplate } from "../offline/charts/helm";
import { RELEASE_TYPE, type RenderedRelease, renderReleases } from "../offline/charts/render";
import { stackRegistry } from "../offline/engine/program";

const count = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind).length;
const named = (objects: K8sObject[], kind: string, name: string) => {
    const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
    assert.ok(found, `no ${kind} ${name} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(", ")}`);
    return found as any;
};

for (const stack of ["dev", "staging"]) {
    describe(`charts rendered by helm template: ${stack}`, () => {
        let releases: RenderedRelease[];
        const release = (name: string) => {
            const r = releases.find((x) => x.release === name);
            assert.ok(r, `no release ${name}`);
            return r;
        };

        before(async function () {
            this.timeout(240000);
            const registry = await stackRegistry(stack);
            const started = Date.now();
            releases = renderReleases(registry);
            // Reported so a slow chart shows up in the test log; a warm disk cache makes this a few ms.
            console.log(`      ${stack}: ${releases.length} releases rendered in ${Date.now() - started} ms`);
            assert.strictEqual(releases.length, registry.ofType(RELEASE_TYPE).length);
        });

        it("renders every release (7 of 7), each into its own namespace", () => {
            assert.deepStrictEqual(releases.map((r) => [r.release, r.namespace]).sort(), [
                ["fluent-bit", "logging"],
                ["flux-operator", "flux-system"],
                ["jaeger", "observability"],
                ["karpenter", "kube-system"],
                ["karpenter-crd", "kube-system"],
                ["kube-prometheus-stack", "monitoring"],
                ["nginx-ingress", "kube-ingress"],
            ]);
            // karpenter-crd renders CRDs only.
            for (const r of releases) assert.ok(r.objects.length + r.crds.length > 0, r.release);
        });

        it("kube-prometheus-stack: the operator, a Prometheus and an Alertmanager, Grafana, node-exporter, and its 10 CRDs", () => {
            const { objects, crds } = release("kube-prometheus-stack");
            assert.strictEqual(count(objects, "Prometheus"), 1);
            assert.strictEqual(count(objects, "Alertmanager"), 1);
            named(objects, "Deployment", "kube-prometheus-stack-operator");
            named(objects, "Deployment", "grafana");
            named(objects, "DaemonSet", "kube-prometheus-stack-prometheus-node-exporter");
            assert.ok(count(objects, "ServiceMonitor") > 0, "rendered without the monitoring.coreos.com API");
            assert.strictEqual(crds.length, 10);
            for (const crd of crds as any[]) assert.strictEqual(crd.spec.group, "monitoring.coreos.com");
        });

        it("fluent-bit: one DaemonSet on every node", () => {
            assert.strictEqual(count(release("fluent-bit").objects, "DaemonSet"), 1);
        });

        it("jaeger: one all-in-one Deployment", () => {
            assert.strictEqual(count(release("jaeger").objects, "Deployment"), 1);
        });

        it("nginx-ingress: a Deployment behind a NodePort Service on 30080/30443, IngressClass nginx, and no CRDs (skipCrds)", () => {
            const { objects, crds } = release("nginx-ingress");
            assert.strictEqual(count(objects, "Deployment"), 1);
            const service = named(objects, "Service", "nginx-ingress-controller");
            assert.strictEqual(service.spec.type, "NodePort");
            assert.deepStrictEqual(service.spec.ports.map((p: any) => p.nodePort).sort(), [30080, 30443]);
            named(objects, "IngressClass", "nginx");
            assert.deepStrictEqual(crds, []);
        });

        it("flux-operator: the operator Deployment and the CRDs of operator v0.58.1, FluxInstance among them", () => {
            const { objects, crds } = release("flux-operator");
            assert.strictEqual(count(objects, "Deployment"), 1);
            const instance = named(crds, "CustomResourceDefinition", "fluxinstances.fluxcd.controlplane.io");
            assert.strictEqual(instance.metadata.labels["app.kubernetes.io/version"], "v0.58.1");
            assert.ok(
                instance.spec.versions.some((v: any) => v.name === "v1" && v.served),
                "FluxInstance v1 is served",
            );
        });
    });
}

describe("helm template machinery (offline/charts/helm.ts)", () => {
    it("renders each (chart, values, name, namespace) once per process", () => {
        const req = {
            name: "fluent-bit",
            namespace: "logging",
            chart: vendoredChart("fluent-bit").chart,
            values: { testFramework: { enabled: false } },
        };
        assert.strictEqual(helmTemplate(req), helmTemplate({ ...req, values: { testFramework: { enabled: false } } }));
        assert.notStrictEqual(helmTemplate(req), helmTemplate({ ...req, namespace: "other" }));
    });

    it("fails with the chart, release and Helm's own message when a chart does not render", () => {
        assert.throws(
            () => helmTemplate({ name: "x", namespace: "x", chart: vendoredChart("flux-operator").chart, values: { installCRDs: "yes" } }),
            /^Error: helm template x charts\/flux-operator-0\.58\.1\.tgz \(namespace x\) failed: Error: values don't meet the specifications of the schema.*installCRDs/s,
        );
    });

    it("prometheus-operator-crds carries exactly the CRDs kube-prometheus-stack ships (operator v0.93.1)", () => {
        const kps = helmTemplate({ name: "kps", namespace: "monitoring", chart: vendoredChart("kube-prometheus-stack").chart, values: {} })
            .crds as any[];
        const standalone = new Map(
            (
                helmTemplate({ name: "crds", namespace: "monitoring", chart: vendoredChart("prometheus-operator-crds").chart, values: {} })
                    .crds as any[]
            ).map((c) => [c.metadata.name, c]),
        );
        assert.strictEqual(kps.length, 10);
        assert.strictEqual(standalone.size, 10);
        for (const crd of kps) {
            const other = standalone.get(crd.metadata.name);
            assert.ok(other, crd.metadata.name);
            assert.strictEqual(other.metadata.annotations["operator.prometheus.io/version"], "0.93.1");
            assert.deepStrictEqual(other.spec, crd.spec, crd.metadata.name);
        }
    });
});
