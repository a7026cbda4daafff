import * as assert from "node:assert";
import * as yaml from "js-yaml";
import type { K8sObject } from "../offline/charts/helm";
import { renderReleases } from "../offline/charts/render";
import { inhibitorsOf, receiversOf } from "../offline/engine/alertmanager";
import { type Policy, type Pod, connection } from "../offline/engine/network-policy";
import { stackRegistry } from "../offline/engine/program";
import type { Registry } from "../offline/engine/registry";

/**
 * The whole path of a failed Flux reconciliation, checked against what really runs: the Provider's address resolves
 * to the Service kube-prometheus-stack renders (helm template of the vendored chart with the program's values), the
 * declared NetworkPolicies admit notification-controller to the pods behind it and nothing else of Flux, and the
 * Alertmanager configuration the chart renders sends the alert Flux posts to the SNS receiver.
 */

/** Pod labels of Flux's notification-controller: its Deployment (notification-controller v1.9.3 config/manager) plus flux2's labels.yaml. */
const NOTIFIER: Pod = {
    namespace: "flux-system",
    labels: {
        app: "notification-controller",
        "app.kubernetes.io/component": "notification-controller",
        "app.kubernetes.io/part-of": "flux",
    },
};
const fluxPod = (controller: string): Pod => ({
    namespace: "flux-system",
    labels: { ...NOTIFIER.labels, app: controller, "app.kubernetes.io/component": controller },
});

/**
 * The alert notification-controller v1.9.3 posts for a Kustomization whose apply failed (internal/notifier/alertmanager.go):
 * the event's metadata plus alertname `Flux<Kind><Reason>` (Reason title-cased by golang.org/x/text/cases, which
 * lowercases the rest of the word), severity, reason, kind, name, namespace, reportingcontroller.
 */
const FLUX_ALERT = {
    revision: "main@sha1:0123456789abcdef",
    alertname: "FluxKustomizationReconciliationfailed",
    severity: "error",
    reason: "ReconciliationFailed",
    kind: "Kustomization",
    name: "flux-system",
    namespace: "flux-system",
    reportingcontroller: "kustomize-controller",
};

for (const stack of ["dev", "staging"]) {
    describe(`Flux's failed reconciliations reach the SNS topic: ${stack}`, () => {
        let registry: Registry;
        let objects: any[];
        let policies: Policy[];
        let address: URL;
        before(async function () {
            this.timeout(240000);
            registry = await stackRegistry(stack);
            const [metrics] = renderReleases({
                ofType: (t) => registry.ofType(t).filter((r) => r.inputs.name === "kube-prometheus-stack"),
            });
            objects = metrics.objects as K8sObject[];
            policies = registry
                .ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy")
                .map((p) => ({ namespace: p.inputs.metadata.namespace, name: p.inputs.metadata.name, spec: p.inputs.spec }));
            const set = registry.one("kubernetes:fluxcd.controlplane.io/v1:ResourceSet");
            const provider = set.inputs.spec.resources.find((r: any) => r.kind === "Provider");
            address = new URL(provider.spec.address);
        });
        const service = () => {
            const [name, namespace] = address.hostname.split(".");
            const found = objects.find((o) => o.kind === "Service" && o.metadata.name === name && o.metadata.namespace === namespace);
            assert.ok(found, `no Service ${address.hostname} among what kube-prometheus-stack renders`);
            return found;
        };
        const alertmanagerPod = (): Pod => ({ namespace: service().metadata.namespace, labels: service().spec.selector });

        it("posts to the Alertmanager Service the chart renders, on its web port, at the alerts API path", () => {
            assert.strictEqual(address.protocol, "http:");
            assert.strictEqual(address.pathname, "/api/v2/alerts/");
            const port = service().spec.ports.find((p: any) => p.port === Number(address.port));
            assert.ok(port, `the Service has no port ${address.port}`);
            // The operator names Alertmanager's container port after spec.portName and serves the web API on 9093.
            const [alertmanager] = objects.filter((o) => o.kind === "Alertmanager");
            assert.strictEqual(port.name, alertmanager.spec.portName);
            assert.strictEqual(port.targetPort, 9093);
            // The operator labels the pods alertmanager=<name of the Alertmanager object>: the Service selects them.
            assert.strictEqual(service().spec.selector.alertmanager, alertmanager.metadata.name);
        });

        it("is admitted by the NetworkPolicies from notification-controller to Alertmanager on 9093", () => {
            assert.deepStrictEqual(connection(policies, NOTIFIER, alertmanagerPod(), Number(address.port)), {
                egress: true,
                ingress: true,
                allowed: true,
            });
        });

        it("admits nothing else that way: other Flux controllers, other monitoring pods and ports, the app namespace", () => {
            const prometheus = objects.find((o) => o.kind === "Service" && o.metadata.name === "kube-prometheus-stack-prometheus");
            const grafana = objects.find((o) => o.kind === "Deployment" && o.metadata.name === "grafana");
            const denied: [string, Pod, Pod, number][] = [
                ["source-controller to Alertmanager", fluxPod("source-controller"), alertmanagerPod(), 9093],
                ["kustomize-controller to Alertmanager", fluxPod("kustomize-controller"), alertmanagerPod(), 9093],
                ["notification-controller to Alertmanager's config reloader", NOTIFIER, alertmanagerPod(), 8080],
                ["notification-controller to Prometheus", NOTIFIER, { namespace: "monitoring", labels: prometheus.spec.selector }, 9090],
                [
                    "notification-controller to Grafana",
                    NOTIFIER,
                    { namespace: "monitoring", labels: grafana.spec.template.metadata.labels },
                    3000,
                ],
                ["an app pod to Alertmanager", { namespace: stack, labels: { app: "storefront" } }, alertmanagerPod(), 9093],
            ];
            for (const [what, from, to, port] of denied) assert.strictEqual(connection(policies, from, to, port).allowed, false, what);
        });

        it("routes the alert Flux posts to the sns receiver, mutes it with no inhibit rule, and keeps it firing between retries", () => {
            const secret = objects.find(
                (s) => s.kind === "Secret" && s.metadata.name === "alertmanager-kube-prometheus-stack-alertmanager",
            );
            const config: any = yaml.load(Buffer.from(secret.data["alertmanager.yaml"], "base64").toString());
            assert.deepStrictEqual(receiversOf(config.route, FLUX_ALERT), ["sns"]);
            assert.ok(config.receivers.find((r: any) => r.name === "sns").sns_configs.length > 0);
            assert.deepStrictEqual(inhibitorsOf(config.inhibit_rules, FLUX_ALERT), []);
            // The tree does tell alerts apart: Watchdog goes nowhere.
            assert.deepStrictEqual(receiversOf(config.route, { alertname: "Watchdog", severity: "none" }), ["null"]);
            // Flux's alerts carry no end time: Alertmanager resolves them after resolve_timeout. A failing Kustomization
            // reports again at each retry (10m and more apart), so 5m would send "resolved" while it still fails.
            assert.strictEqual(config.global.resolve_timeout, "1h");
        });
    });
}
