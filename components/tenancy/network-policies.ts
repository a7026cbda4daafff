import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import {
    ALERTMANAGER_POD_LABELS,
    ALERTMANAGER_PORT,
    FLUX_NOTIFICATION_CONTROLLER_LABELS,
    OWN_INGRESS_POLICY_LABEL,
    PLATFORM_NAMESPACES,
} from "../platform-names";
import type { NamespaceRole } from "./namespaces";

type Spec = k8s.types.input.networking.v1.NetworkPolicySpec;
type Peer = k8s.types.input.networking.v1.NetworkPolicyPeer;
type Port = k8s.types.input.networking.v1.NetworkPolicyPort;

export interface PolicySpec {
    /** metadata.name of the NetworkPolicy. */
    name: string;
    spec: Spec;
}

/** The EKS Pod Identity agent's link-local address: pods fetch their AWS credentials there. */
export const POD_IDENTITY_AGENT_CIDR = "169.254.170.23/32";
/** OTLP gRPC and HTTP: what apps send traces and metrics to in the observability namespace. */
export const OTLP_PORTS = [4317, 4318];
/** Ports the API server calls admission webhooks on (prometheus-operator, OpenTelemetry operator). */
export const WEBHOOK_PORTS = [443, 8443, 9443, 10250];
/** Ports the NGINX ingress controller pods listen on behind the NodePorts. */
export const INGRESS_CONTROLLER_PORTS = [80, 443];

/** Selects every pod of one namespace by its immutable name label (set by the API server since Kubernetes 1.22). */
export const namespaceSelector = (namespace: string) => ({ matchLabels: { "kubernetes.io/metadata.name": namespace } });
const ns = (name: string): Peer => ({ namespaceSelector: namespaceSelector(name) });

/** Egress to the cluster DNS (CoreDNS keeps the kube-dns label on EKS). */
export const DNS_EGRESS: k8s.types.input.networking.v1.NetworkPolicyEgressRule = {
    to: [{ ...ns("kube-system"), podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
    ports: [
        { protocol: "UDP", port: 53 },
        { protocol: "TCP", port: 53 },
    ],
};
/** Flux's notification-controller, the one Flux pod that posts alerts, and the Alertmanager pods it posts to. */
const FLUX_NOTIFIER_PODS = { matchLabels: { ...FLUX_NOTIFICATION_CONTROLLER_LABELS } };
const ALERTMANAGER_PODS = { matchLabels: { ...ALERTMANAGER_POD_LABELS } };
const cidr = (block: pulumi.Input<string>): Peer => ({ ipBlock: { cidr: block } });
const tcp = (...ports: number[]): Port[] => ports.map((port) => ({ protocol: "TCP", port }));

/** Namespaces whose pods the ingress controller proxies to (apps, Grafana, the Jaeger UI). */
const INGRESS_BACKENDS: NamespaceRole[] = ["app", "monitoring", "observability"];

/**
 * The NetworkPolicies of one namespace we own (K8): deny everything, then allow exactly what its workloads need.
 * Policies are additive, so each allow is its own small object that reads like the rule it implements.
 */
export function networkPoliciesFor(role: NamespaceRole, ctx: { appNamespace: string; vpcCidr: pulumi.Input<string> }): PolicySpec[] {
    const all = (name: string, spec: Omit<Spec, "podSelector">): PolicySpec => ({ name, spec: { podSelector: {}, ...spec } });
    const policies: PolicySpec[] = [
        all("default-deny", { policyTypes: ["Ingress", "Egress"] }),
        all("allow-dns", { policyTypes: ["Egress"], egress: [DNS_EGRESS] }),
        // Controllers talk to their own services (Flux's source-controller, Prometheus and Alertmanager, Jaeger's parts).
        all("allow-same-namespace", {
            policyTypes: ["Ingress", "Egress"],
            ingress: [{ from: [{ podSelector: {} }] }],
            egress: [{ to: [{ podSelector: {} }] }],
        }),
    ];
    if (role !== "monitoring") {
        policies.push(
            all("allow-prometheus-scrape", { policyTypes: ["Ingress"], ingress: [{ from: [ns(PLATFORM_NAMESPACES.monitoring)] }] }),
        );
    }
    if (INGRESS_BACKENDS.includes(role)) {
        policies.push({
            name: "allow-from-ingress",
            spec: {
                podSelector: { matchExpressions: [{ key: OWN_INGRESS_POLICY_LABEL, operator: "DoesNotExist" }] },
                policyTypes: ["Ingress"],
                ingress: [{ from: [ns(PLATFORM_NAMESPACES.ingress)] }],
            },
        });
    }
    // HTTPS anywhere: the Kubernetes API (the kubernetes Service's ClusterIP before DNAT, the control plane's ENIs
    // after), AWS APIs, OpenSearch, Git and Helm repositories over HTTPS, and for apps the external APIs the
    // storefront calls (payment, shipping, e-mail), whose addresses we cannot list.
    policies.push(all("allow-https-egress", { policyTypes: ["Egress"], egress: [{ to: [cidr("0.0.0.0/0")], ports: tcp(443) }] }));
    if (role === "logging" || role === "observability" || role === "flux" || role === "monitoring") {
        // Fluent Bit and Jaeger sign requests to OpenSearch, kustomize-controller decrypts SOPS with KMS, Alertmanager
        // publishes to SNS: all with Pod Identity credentials.
        policies.push(
            all("allow-pod-identity", { policyTypes: ["Egress"], egress: [{ to: [cidr(POD_IDENTITY_AGENT_CIDR)], ports: tcp(80) }] }),
        );
    }
    switch (role) {
        case "app":
        case "toolbox":
            // RDS, MSK and OpenSearch live in the VPC on several ports (5432, 9094/9098, 443).
            policies.push(all("allow-vpc-egress", { policyTypes: ["Egress"], egress: [{ to: [cidr(ctx.vpcCidr)] }] }));
            policies.push(
                all("allow-otlp-egress", {
                    policyTypes: ["Egress"],
                    egress: [{ to: [ns(PLATFORM_NAMESPACES.observability)], ports: tcp(...OTLP_PORTS) }],
                }),
            );
            break;
        case "ingress":
            // The ALB reaches the controller through the nodes' NodePorts: the source is a VPC address.
            policies.push(
                all("allow-from-load-balancer", {
                    policyTypes: ["Ingress"],
                    ingress: [{ from: [cidr(ctx.vpcCidr)], ports: tcp(...INGRESS_CONTROLLER_PORTS) }],
                }),
            );
            policies.push(
                all("allow-to-backends", {
                    policyTypes: ["Egress"],
                    egress: [{ to: [ns(ctx.appNamespace), ns(PLATFORM_NAMESPACES.monitoring), ns(PLATFORM_NAMESPACES.observability)] }],
                }),
            );
            break;
        case "monitoring":
            // Prometheus scrapes pods in every namespace and the nodes (kubelet, node-exporter on the host network).
            policies.push(
                all("allow-scrape-egress", { policyTypes: ["Egress"], egress: [{ to: [{ namespaceSelector: {} }, cidr(ctx.vpcCidr)] }] }),
            );
            policies.push(
                all("allow-webhooks", { policyTypes: ["Ingress"], ingress: [{ from: [cidr(ctx.vpcCidr)], ports: tcp(...WEBHOOK_PORTS) }] }),
            );
            // Flux reports failed reconciliations to Alertmanager's API (and from there to the SNS alarm topic).
            policies.push({
                name: "allow-flux-alerts",
                spec: {
                    podSelector: ALERTMANAGER_PODS,
                    policyTypes: ["Ingress"],
                    ingress: [
                        {
                            from: [{ ...ns(PLATFORM_NAMESPACES.fluxSystem), podSelector: FLUX_NOTIFIER_PODS }],
                            ports: tcp(ALERTMANAGER_PORT),
                        },
                    ],
                },
            });
            break;
        case "observability":
            policies.push(
                all("allow-otlp-ingress", {
                    policyTypes: ["Ingress"],
                    ingress: [{ from: [{ namespaceSelector: {} }], ports: tcp(...OTLP_PORTS) }],
                }),
            );
            policies.push(
                all("allow-webhooks", { policyTypes: ["Ingress"], ingress: [{ from: [cidr(ctx.vpcCidr)], ports: tcp(...WEBHOOK_PORTS) }] }),
            );
            break;
        case "flux":
            // source-controller clones the config repository over SSH (ssh://git@host/org/repo).
            policies.push(all("allow-git-ssh", { policyTypes: ["Egress"], egress: [{ to: [cidr("0.0.0.0/0")], ports: tcp(22) }] }));
            policies.push({
                name: "allow-alerts-to-alertmanager",
                spec: {
                    podSelector: FLUX_NOTIFIER_PODS,
                    policyTypes: ["Egress"],
                    egress: [
                        { to: [{ ...ns(PLATFORM_NAMESPACES.monitoring), podSelector: ALERTMANAGER_PODS }], ports: tcp(ALERTMANAGER_PORT) },
                    ],
                },
            });
            break;
        case "logging":
            break;
    }
    return policies;
}
