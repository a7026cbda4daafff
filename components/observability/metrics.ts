import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { vendoredChart } from "../charts";
import { INGRESS_CLASS, hostOf } from "./common";

/**
 * prometheus-community/helm-charts kube-prometheus-stack 88.5.3 (operator v0.93.1, Grafana chart 12.11.1), vendored
 * in charts/ with its subcharts (charts/charts.lock.json).
 */
const KUBE_PROMETHEUS_STACK = vendoredChart("kube-prometheus-stack");
export const KUBE_PROMETHEUS_STACK_CHART = KUBE_PROMETHEUS_STACK.chart;
export const KUBE_PROMETHEUS_STACK_VERSION = KUBE_PROMETHEUS_STACK.version;
/** Helm release name, fixed: it prefixes every object's name, and renaming it would reinstall the whole stack. */
export const KUBE_PROMETHEUS_STACK_RELEASE = "kube-prometheus-stack";
/** The Secret Grafana reads its admin credentials from (grafana.admin.existingSecret). */
export const GRAFANA_ADMIN_SECRET = "grafana-admin";
export const GRAFANA_ADMIN_USER = "admin";

/** Inputs of {@link metricsValues}: plain values. */
export interface MetricsValuesArgs {
    domain: string;
    /** Prometheus retention, e.g. "15d". */
    retention: string;
    /** Size of each Prometheus volume in GiB. */
    storageGb: number;
    storageClass: string;
    grafanaExposed: boolean;
    /** Tier replicas: Alertmanager runs this many, Prometheus at most two (each replica keeps a full copy). */
    replicas: number;
}

const volume = (storageClass: string, gb: number) => ({
    volumeClaimTemplate: { spec: { storageClassName: storageClass, accessModes: ["ReadWriteOnce"], resources: { requests: { storage: `${gb}Gi` } } } },
});

/** Values of the kube-prometheus-stack release. */
export function metricsValues(args: MetricsValuesArgs): Record<string, any> {
    const grafanaHost = hostOf("grafana", args.domain);
    return {
        crds: { enabled: true },
        alertmanager: {
            alertmanagerSpec: {
                replicas: args.replicas,
                storage: volume(args.storageClass, 2),
                resources: { requests: { cpu: "10m", memory: "64Mi" }, limits: { memory: "256Mi" } },
                podAntiAffinity: "soft",
            },
        },
        prometheus: {
            prometheusSpec: {
                replicas: Math.min(args.replicas, 2),
                retention: args.retention,
                // Whichever comes first: old blocks go before the volume fills and Prometheus stops ingesting.
                retentionSize: `${Math.floor(args.storageGb * 0.85)}GiB`,
                storageSpec: volume(args.storageClass, args.storageGb),
                resources: { requests: { cpu: "200m", memory: "1Gi" }, limits: { memory: "4Gi" } },
                podAntiAffinity: "soft",
                // Pick up ServiceMonitors/PodMonitors/rules of every release and app, not only this chart's.
                serviceMonitorSelectorNilUsesHelmValues: false,
                podMonitorSelectorNilUsesHelmValues: false,
                ruleSelectorNilUsesHelmValues: false,
            },
        },
        grafana: {
            fullnameOverride: "grafana",
            admin: { existingSecret: GRAFANA_ADMIN_SECRET, userKey: "admin-user", passwordKey: "admin-password" },
            ingress: args.grafanaExposed
                ? { enabled: true, ingressClassName: INGRESS_CLASS, hosts: [grafanaHost], path: "/" }
                : { enabled: false },
            ...(args.grafanaExposed ? { "grafana.ini": { server: { root_url: `https://${grafanaHost}` } } } : {}),
            // The chart's default security contexts are already restricted (non-root 472, read-only root, no capabilities).
            resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "512Mi" } },
        },
    };
}

/** Arguments of {@link Metrics}. */
export interface MetricsArgs {
    /** Namespace from the tenancy layer (monitoring); pass the namespace resource in `opts.dependsOn`. */
    namespace: string;
    /** The environment's domain: Grafana is served at grafana.<domain> when exposed. */
    domain: string;
    retention: string;
    storageGb: number;
    /** Storage class of the Prometheus and Alertmanager volumes. Default: gp3. */
    storageClass?: string;
    /** Plain: decides whether the Grafana Ingress exists. */
    grafanaExposed: boolean;
    /** Tier replicas (1 in dev). */
    replicas: number;
}

/**
 * kube-prometheus-stack: Prometheus operator (CRDs from the chart), Prometheus on gp3 volumes sized and retained by
 * tier, Alertmanager, Grafana with a generated admin password kept in a Secret of our own.
 */
export class Metrics extends pulumi.ComponentResource {
    /** Grafana's admin password (secret). */
    public readonly grafanaAdminPassword: pulumi.Output<string>;
    /** https://grafana.<domain> when exposed, else the in-cluster address (reach it with kubectl port-forward). */
    public readonly grafanaUrl: pulumi.Output<string>;

    constructor(name: string, args: MetricsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:observability:Metrics", name, {}, opts);
        const afterNamespace = { parent: this, dependsOn: opts?.dependsOn };
        const password = new random.RandomPassword(`${name}-grafana-admin`, { length: 32, special: false }, { parent: this });
        this.grafanaAdminPassword = pulumi.secret(password.result);
        const adminSecret = new k8s.core.v1.Secret(`${name}-grafana-admin`, {
            metadata: { name: GRAFANA_ADMIN_SECRET, namespace: args.namespace },
            type: "Opaque",
            stringData: pulumi.secret({ "admin-user": GRAFANA_ADMIN_USER, "admin-password": password.result }),
        }, afterNamespace);
        new k8s.helm.v3.Release(`${name}-kube-prometheus-stack`, {
            name: KUBE_PROMETHEUS_STACK_RELEASE,
            chart: KUBE_PROMETHEUS_STACK_CHART,
            version: KUBE_PROMETHEUS_STACK_VERSION,
            namespace: args.namespace,
            createNamespace: false,
            values: metricsValues({ ...args, storageClass: args.storageClass ?? "gp3" }),
            // Waiting for every object of this chart takes minutes under Pulumi (pulumi/pulumi#6301).
            skipAwait: true,
            timeout: 600,
        }, { parent: this, dependsOn: [adminSecret] });
        this.grafanaUrl = pulumi.output(args.grafanaExposed
            ? `https://${hostOf("grafana", args.domain)}`
            : `http://grafana.${args.namespace}.svc`);
        this.registerOutputs({ grafanaAdminPassword: this.grafanaAdminPassword, grafanaUrl: this.grafanaUrl });
    }
}
