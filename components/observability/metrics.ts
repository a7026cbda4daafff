import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { vendoredChart } from "../charts";
import { PodIdentityRole } from "../cluster/pod-identity";
import { INGRESS_CLASS, KUBE_PROMETHEUS_STACK_RELEASE, PULL_SECRET_NAME, SERVICE_HOST_LABELS, hostOf } from "../platform-names";

/**
 * prometheus-community/helm-charts kube-prometheus-stack 88.5.3 (operator v0.93.1, Grafana chart 12.11.1), vendored
 * in charts/ with its subcharts (charts/charts.lock.json).
 */
const KUBE_PROMETHEUS_STACK = vendoredChart("kube-prometheus-stack");
export const KUBE_PROMETHEUS_STACK_CHART = KUBE_PROMETHEUS_STACK.chart;
export const KUBE_PROMETHEUS_STACK_VERSION = KUBE_PROMETHEUS_STACK.version;
/** The Secret Grafana reads its admin credentials from (grafana.admin.existingSecret). */
export const GRAFANA_ADMIN_SECRET = "grafana-admin";
export const GRAFANA_ADMIN_USER = "admin";
/** Alertmanager's ServiceAccount, named explicitly: its Pod Identity association must name the same one. */
export const ALERTMANAGER_SERVICE_ACCOUNT = "alertmanager";
/**
 * The CRD upgrade job's init container decompresses the CRDs with busybox from Docker Hub; the chart defaults to
 * busybox:latest (K6).
 */
export const CRD_UPGRADE_BUSYBOX_TAG = "1.37.0";
/**
 * EKS runs the control plane out of reach: no scheduler, controller-manager or etcd endpoints to scrape, and the
 * kube-proxy add-on binds its metrics to 127.0.0.1. Each would be a target that is always down and an alert that
 * fires for ever (prometheus-community/helm-charts#4106, aws/containers-roadmap#1298).
 */
export const UNREACHABLE_COMPONENTS = ["kubeScheduler", "kubeControllerManager", "kubeEtcd", "kubeProxy"] as const;
/** defaultRules.rules.* groups about those components (KubeSchedulerDown, KubeControllerManagerDown, etcd*, KubeProxyDown). */
export const UNREACHABLE_RULE_GROUPS = [
    "etcd",
    "kubeControllerManager",
    "kubeProxy",
    "kubeSchedulerAlerting",
    "kubeSchedulerRecording",
] as const;
/** Alerts that are not incidents: Watchdog always fires (a dead-man's switch), InfoInhibitor only mutes info alerts. */
export const SILENT_ALERTS = ["Watchdog", "InfoInhibitor"] as const;

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
    /** ARN of the SNS alarm topic Alertmanager publishes to (the monitoring layer's, with the e-mail subscriptions). */
    alarmTopicArn: string;
    /** Region of the topic: Alertmanager signs its SNS calls with SigV4 for it. */
    region: string;
}

/**
 * Alertmanager's configuration: every alert to the SNS alarm topic, signed with SigV4 by the credentials of the AWS
 * SDK's default chain (the EKS Pod Identity ones of the alertmanager ServiceAccount; Alertmanager 0.34 uses
 * aws-sdk-go-v2, whose container provider reads AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE). Field names are those of
 * Alertmanager 0.34.0's SNSConfig (config/notifiers.go), the version kube-prometheus-stack 88.5.3 ships.
 */
export function alertmanagerConfig(args: Pick<MetricsValuesArgs, "alarmTopicArn" | "region">): Record<string, any> {
    return {
        // Only alerts sent without an end time resolve after this: Flux's (its alertmanager Provider cannot know when a
        // failure ends). A failing Kustomization reports again at each retry (10m and more), so a shorter timeout would
        // send "resolved" between two reports of the same failure; Flux's provider docs suggest 1h. Prometheus sets
        // an end time on every alert it sends, so its alerts do not wait for this.
        global: { resolve_timeout: "1h" },
        route: {
            receiver: "sns",
            // One message per alert and namespace: readers see what broke where, without one e-mail per pod.
            group_by: ["alertname", "namespace"],
            group_wait: "30s",
            group_interval: "5m",
            repeat_interval: "12h",
            routes: SILENT_ALERTS.map((alertname) => ({ receiver: "null", matchers: [`alertname = "${alertname}"`] })),
        },
        // The chart's own inhibitions: a critical alert mutes the warning and info of the same alert and namespace.
        inhibit_rules: [
            { source_matchers: ["severity = critical"], target_matchers: ["severity =~ warning|info"], equal: ["namespace", "alertname"] },
            { source_matchers: ["severity = warning"], target_matchers: ["severity = info"], equal: ["namespace", "alertname"] },
            { source_matchers: ["alertname = InfoInhibitor"], target_matchers: ["severity = info"], equal: ["namespace"] },
            { target_matchers: ["alertname = InfoInhibitor"] },
        ],
        receivers: [
            { name: "null" },
            { name: "sns", sns_configs: [{ topic_arn: args.alarmTopicArn, sigv4: { region: args.region }, send_resolved: true }] },
        ],
        templates: ["/etc/alertmanager/config/*.tmpl"],
    };
}

/** The IAM policy of Alertmanager's Pod Identity role: publish to the alarm topic only, and use its KMS key if any. */
export function alertmanagerPolicy(topicArn: string, topicKmsKeyArn?: string): string {
    const statements: Record<string, unknown>[] = [{ Sid: "PublishAlarms", Effect: "Allow", Action: "sns:Publish", Resource: topicArn }];
    // SNS encrypts each message with the topic's key on behalf of the publisher, which therefore needs these two.
    if (topicKmsKeyArn)
        statements.push({
            Sid: "EncryptForTopic",
            Effect: "Allow",
            Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
            Resource: topicKmsKeyArn,
        });
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

const volume = (storageClass: string, gb: number) => ({
    volumeClaimTemplate: {
        spec: { storageClassName: storageClass, accessModes: ["ReadWriteOnce"], resources: { requests: { storage: `${gb}Gi` } } },
    },
});

/** Delete a StatefulSet's volumes with it; keep them when it scales down (a scale-up reuses them). */
const PVC_RETENTION = { whenDeleted: "Delete", whenScaled: "Retain" };

/** Values of the kube-prometheus-stack release. */
export function metricsValues(args: MetricsValuesArgs): Record<string, any> {
    const grafanaHost = hostOf(SERVICE_HOST_LABELS.grafana, args.domain);
    const off = Object.fromEntries(UNREACHABLE_COMPONENTS.map((c) => [c, { enabled: false }]));
    return {
        // Grafana and the CRD upgrade job's busybox come from Docker Hub: pull them authenticated (rate limits).
        global: { imagePullSecrets: [{ name: PULL_SECRET_NAME }] },
        // Helm installs crds/ once and never upgrades it. The chart's pre-install/pre-upgrade hook Job server-side
        // applies this chart version's CRDs before the operator starts, taking over the fields Helm's first install
        // owns (forceConflicts): an existing stack and a fresh one converge the same way, nothing to adopt.
        crds: {
            enabled: true,
            upgradeJob: { enabled: true, forceConflicts: true, image: { busybox: { tag: CRD_UPGRADE_BUSYBOX_TAG } } },
        },
        ...off,
        defaultRules: { rules: Object.fromEntries(UNREACHABLE_RULE_GROUPS.map((g) => [g, false])) },
        alertmanager: {
            serviceAccount: { create: true, name: ALERTMANAGER_SERVICE_ACCOUNT },
            config: alertmanagerConfig(args),
            alertmanagerSpec: {
                replicas: args.replicas,
                storage: volume(args.storageClass, 2),
                // The operator's StatefulSet then deletes its PVCs (so the EBS volumes) with it, while the driver runs.
                persistentVolumeClaimRetentionPolicy: PVC_RETENTION,
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
                persistentVolumeClaimRetentionPolicy: PVC_RETENTION,
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
    /** EKS cluster name, for Alertmanager's Pod Identity association. */
    clusterName: pulumi.Input<string>;
    /** Region of the alarm topic (SigV4). */
    region: string;
    /** The SNS alarm topic Alertmanager routes every alert to (the monitoring layer's `alarmTopicArn`). */
    alarmTopicArn: pulumi.Input<string>;
    /**
     * The topic's customer-managed KMS key (the monitoring layer's `alarmTopicKeyArn`): Alertmanager's role may use it.
     * Its key policy must delegate to IAM in the account (the monitoring layer's key does). Default: unencrypted topic.
     */
    alarmTopicKmsKeyArn?: pulumi.Input<string>;
}

/**
 * kube-prometheus-stack: Prometheus operator (CRDs from the chart, upgraded by its hook Job), Prometheus on gp3 volumes
 * sized and retained by tier, Alertmanager routing to the SNS alarm topic as its own Pod Identity role, Grafana with a
 * generated admin password kept in a Secret of our own.
 *
 * Everything in `opts.dependsOn` (the namespace; the EBS CSI add-on and the nodes) is a dependency of every child
 * that makes a volume, so `destroy` deletes the release and its PVCs before the driver that deletes EBS volumes.
 */
export class Metrics extends pulumi.ComponentResource {
    /** Grafana's admin password (secret). */
    public readonly grafanaAdminPassword: pulumi.Output<string>;
    /** https://grafana.<domain> when exposed, else the in-cluster address (reach it with kubectl port-forward). */
    public readonly grafanaUrl: pulumi.Output<string>;
    /** Alertmanager's Pod Identity role. */
    public readonly alertmanagerRoleArn: pulumi.Output<string>;
    /**
     * The release, for `dependsOn` of ServiceMonitors, PodMonitors and PrometheusRules elsewhere: their CRDs come with it.
     */
    public readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: MetricsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:observability:Metrics", name, {}, opts);
        const outer = opts?.dependsOn;
        const after: pulumi.Input<pulumi.Resource>[] = Array.isArray(outer) ? outer : outer ? [outer as pulumi.Input<pulumi.Resource>] : [];
        const afterNamespace = { parent: this, dependsOn: opts?.dependsOn };
        const password = new random.RandomPassword(`${name}-grafana-admin`, { length: 32, special: false }, { parent: this });
        this.grafanaAdminPassword = pulumi.secret(password.result);
        const adminSecret = new k8s.core.v1.Secret(
            `${name}-grafana-admin`,
            {
                metadata: { name: GRAFANA_ADMIN_SECRET, namespace: args.namespace },
                type: "Opaque",
                stringData: pulumi.secret({ "admin-user": GRAFANA_ADMIN_USER, "admin-password": password.result }),
            },
            afterNamespace,
        );
        const alertmanagerRole = new PodIdentityRole(
            `${name}-alertmanager`,
            {
                clusterName: args.clusterName,
                namespace: args.namespace,
                serviceAccount: ALERTMANAGER_SERVICE_ACCOUNT,
                policyDocuments: [
                    pulumi.all([args.alarmTopicArn, args.alarmTopicKmsKeyArn]).apply(([topic, key]) => alertmanagerPolicy(topic, key)),
                ],
            },
            { parent: this },
        );
        const values = pulumi
            .output(args.alarmTopicArn)
            .apply((alarmTopicArn) => metricsValues({ ...args, alarmTopicArn, storageClass: args.storageClass ?? "gp3" }));
        this.release = new k8s.helm.v3.Release(
            `${name}-kube-prometheus-stack`,
            {
                name: KUBE_PROMETHEUS_STACK_RELEASE,
                chart: KUBE_PROMETHEUS_STACK_CHART,
                version: KUBE_PROMETHEUS_STACK_VERSION,
                namespace: args.namespace,
                createNamespace: false,
                values,
                // Waiting for every object of this chart takes minutes under Pulumi (pulumi/pulumi#6301).
                skipAwait: true,
                timeout: 600,
            },
            {
                parent: this,
                // The release makes the Prometheus and Alertmanager volumes: it must be deleted while what `opts.dependsOn`
                // names (the EBS CSI driver and the nodes) still runs. Pod Identity credentials are injected at pod start.
                dependsOn: [...after, adminSecret, alertmanagerRole],
            },
        );
        this.grafanaUrl = pulumi.output(
            args.grafanaExposed ? `https://${hostOf(SERVICE_HOST_LABELS.grafana, args.domain)}` : `http://grafana.${args.namespace}.svc`,
        );
        this.alertmanagerRoleArn = alertmanagerRole.roleArn;
        this.registerOutputs({
            grafanaAdminPassword: this.grafanaAdminPassword,
            grafanaUrl: this.grafanaUrl,
            alertmanagerRoleArn: this.alertmanagerRoleArn,
        });
    }
}
