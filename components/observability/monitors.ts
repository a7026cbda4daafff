import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { NGINX_INGRESS_RELEASE } from "../platform-names";
import { TRACES_SERVICE_ACCOUNT } from "./roles";

type PodMonitorSpec = { selector: Record<string, unknown>; podMetricsEndpoints: Record<string, unknown>[] };
type ServiceMonitorSpec = { selector: Record<string, unknown>; endpoints: Record<string, unknown>[] };

/** One scrape target: a PodMonitor or a ServiceMonitor (monitoring.coreos.com/v1), in the namespace of what it scrapes. */
export type MonitorSpec =
    | { kind: "PodMonitor"; name: string; namespace: string; spec: PodMonitorSpec }
    | { kind: "ServiceMonitor"; name: string; namespace: string; spec: ServiceMonitorSpec };

/** Namespaces of the platform parts to scrape: plain, they are the tenancy layer's fixed names. */
export interface MonitorNamespaces {
    ingress: string;
    logs: string;
    flux: string;
    traces: string;
}

const byRelease = (name: string, instance: string) => ({
    matchLabels: { "app.kubernetes.io/name": name, "app.kubernetes.io/instance": instance },
});

/**
 * What Prometheus must scrape beyond the chart's own targets. Selectors and port names are those the charts render at
 * their pinned versions (nginx-ingress 2.6.4, fluent-bit 0.58.1, flux-operator, jaeger 4.11.1) and those Flux's
 * controllers carry (`app: <controller>`, port `http-prom`). The operator ignores `prometheus.io/*` annotations.
 */
export function monitorSpecs(ns: MonitorNamespaces, fluxControllers: readonly string[]): MonitorSpec[] {
    return [
        {
            kind: "PodMonitor",
            name: "nginx-ingress",
            namespace: ns.ingress,
            // The controller's container port `prometheus` (9113, prometheus.create, on by default) has no Service.
            spec: {
                selector: byRelease("nginx-ingress", NGINX_INGRESS_RELEASE),
                podMetricsEndpoints: [{ port: "prometheus", path: "/metrics" }],
            },
        },
        {
            kind: "ServiceMonitor",
            name: "fluent-bit",
            namespace: ns.logs,
            spec: { selector: byRelease("fluent-bit", "fluent-bit"), endpoints: [{ port: "http", path: "/api/v2/metrics/prometheus" }] },
        },
        {
            kind: "PodMonitor",
            name: "flux-controllers",
            namespace: ns.flux,
            spec: {
                selector: { matchExpressions: [{ key: "app", operator: "In", values: [...fluxControllers] }] },
                podMetricsEndpoints: [{ port: "http-prom", path: "/metrics" }],
            },
        },
        {
            kind: "PodMonitor",
            name: "flux-operator",
            namespace: ns.flux,
            spec: {
                selector: byRelease("flux-operator", "flux-operator"),
                podMetricsEndpoints: [{ port: "http-metrics", path: "/metrics" }],
            },
        },
        {
            kind: "ServiceMonitor",
            name: "jaeger",
            namespace: ns.traces,
            spec: { selector: byRelease("jaeger", TRACES_SERVICE_ACCOUNT), endpoints: [{ port: "internal-metrics", path: "/metrics" }] },
        },
    ];
}

/** Arguments of {@link PlatformMonitors}. */
export interface PlatformMonitorsArgs {
    namespaces: MonitorNamespaces;
    /** The controllers the FluxInstance installs (the gitops layer's FLUX_COMPONENTS): each is scraped by its `app` label. */
    fluxControllers: readonly string[];
}

/**
 * ServiceMonitors and PodMonitors for the ingress controller, Fluent Bit, Flux and Jaeger. Their CRDs come with
 * kube-prometheus-stack: pass {@link Metrics}' `release` in `opts.dependsOn` (and the namespaces), or the first
 * `pulumi up` fails on an unknown kind.
 */
export class PlatformMonitors extends pulumi.ComponentResource {
    public readonly names: pulumi.Output<string[]>;

    constructor(name: string, args: PlatformMonitorsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:observability:PlatformMonitors", name, {}, opts);
        const specs = monitorSpecs(args.namespaces, args.fluxControllers);
        for (const m of specs) {
            new k8s.apiextensions.CustomResource(
                `${name}-${m.name}`,
                {
                    apiVersion: "monitoring.coreos.com/v1",
                    kind: m.kind,
                    metadata: { name: m.name, namespace: m.namespace, labels: { "app.kubernetes.io/managed-by": "pulumi" } },
                    spec: m.spec,
                },
                { parent: this, dependsOn: opts?.dependsOn },
            );
        }
        this.names = pulumi.output(specs.map((m) => `${m.namespace}/${m.name}`));
        this.registerOutputs({ names: this.names });
    }
}
