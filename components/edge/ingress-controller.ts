import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { IngressConfig } from "../../stacks/types";
import { vendoredChart } from "../charts";
import { INGRESS_CLASS, NGINX_INGRESS_RELEASE, PULL_SECRET_NAME } from "../platform-names";

/**
 * F5 NGINX Ingress Controller (github nginx/kubernetes-ingress), chart `nginx-ingress` 2.6.4 = controller 5.5.4,
 * the newest release tag (v5.5.4), vendored in charts/ (charts/charts.lock.json). kubernetes/ingress-nginx, which the
 * legacy setup ran, is retired (landscape.md).
 */
const NGINX_INGRESS = vendoredChart("nginx-ingress");
export const NGINX_INGRESS_CHART = NGINX_INGRESS.chart;
export const NGINX_INGRESS_CHART_VERSION = NGINX_INGRESS.version;
/** Answered 200 by the controller's default server on the HTTP port: the ALB target group checks it on the NodePort. */
export const INGRESS_HEALTH_PATH = "/nginx-health";
export const PRIORITY_CLASS_NAME = "high-priority";
export const PRIORITY_CLASS_VALUE = 1000000;
export const INGRESS_METRICS_PORT = 9113;

/** Inputs of {@link ingressValues}: plain values, so tests can assert on the result directly. */
export interface IngressValuesArgs {
    httpNodePort: number;
    httpsNodePort: number;
    replicas: number;
    /** Addresses nginx trusts to tell it the client address (X-Forwarded-For): the ALB and the nodes live here. */
    vpcCidr: string;
    priorityClassName: string;
    /** Address written to Ingress status (the ALB's DNS name): Pulumi waits for it on Ingress objects. */
    externalStatusAddress?: string;
}

const selectorLabels = { "app.kubernetes.io/name": "nginx-ingress", "app.kubernetes.io/instance": NGINX_INGRESS_RELEASE };

const spread = (topologyKey: string, whenUnsatisfiable: "DoNotSchedule" | "ScheduleAnyway") => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable,
    labelSelector: { matchLabels: selectorLabels },
    // Count only pods of the same ReplicaSet, so a rollout is not blocked by the pods it replaces.
    matchLabelKeys: ["pod-template-hash"],
    // Nodes of a failed AZ carry the unreachable taint: not counting them keeps DoNotSchedule from stranding pods.
    nodeTaintsPolicy: "Honor",
});

/** Values of the nginx-ingress release (keys of the chart's values.yaml, v5.5.4). */
export function ingressValues(args: IngressValuesArgs): Record<string, any> {
    const entries: Record<string, string> = {
        // The ALB appends the client's address to X-Forwarded-For; nginx walks the list from the right past the
        // trusted VPC addresses (ALB nodes, kube-proxy SNAT from other nodes) to the first untrusted one: the client.
        "set-real-ip-from": args.vpcCidr,
        "real-ip-header": "X-Forwarded-For",
        "real-ip-recursive": "true",
        // TLS ends at the ALB. redirect-to-https redirects on X-Forwarded-Proto: http and sends upstreams
        // X-Forwarded-Proto: https; ssl-redirect (on $scheme, always http here) would loop for Ingresses with tls.
        "redirect-to-https": "true",
        "ssl-redirect": "false",
        // Unknown hosts reach the controller's own default server, which answers 404 (explicit here, also its default).
        "default-server-return": "404",
        // Longer than the ALB's idle timeout (60 s), so nginx never closes a connection the ALB is about to reuse (502s).
        "keepalive-timeout": "75s",
        "server-tokens": "false",
    };
    if (args.externalStatusAddress) entries["external-status-address"] = args.externalStatusAddress;
    return {
        controller: {
            kind: "deployment",
            replicaCount: args.replicas,
            ingressClass: { name: INGRESS_CLASS, create: true, setAsDefaultIngress: true },
            // Plain Ingress only: no VirtualServer CRDs to keep in step with the chart (Helm never upgrades crds/).
            enableCustomResources: false,
            enableSnippets: false,
            healthStatus: true,
            healthStatusURI: INGRESS_HEALTH_PATH,
            // No defaultTLS: the ALB terminates TLS, and without a default certificate nginx rejects TLS
            // handshakes on its default server instead of presenting a self-signed one.
            config: { entries },
            service: {
                type: "NodePort",
                // The client address travels in X-Forwarded-For, not in the packet, so Local buys nothing; Cluster keeps
                // every node a healthy target instead of only the nodes that happen to run a controller pod.
                externalTrafficPolicy: "Cluster",
                httpPort: { enable: true, port: 80, targetPort: 80, nodePort: args.httpNodePort },
                httpsPort: { enable: true, port: 443, targetPort: 443, nodePort: args.httpsNodePort },
            },
            podDisruptionBudget: args.replicas > 1 ? { enabled: true, minAvailable: 1 } : { enabled: false },
            topologySpreadConstraints: [
                spread("topology.kubernetes.io/zone", "DoNotSchedule"),
                spread("kubernetes.io/hostname", "ScheduleAnyway"),
            ],
            priorityClassName: args.priorityClassName,
            resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "512Mi" } },
            // The init container that copies /etc/nginx onto the writable volume a read-only root needs.
            initContainerResources: { requests: { cpu: "50m", memory: "32Mi" }, limits: { cpu: "200m", memory: "64Mi" } },
            // Readiness on /nginx-ready (8081). Accepted K4 exception: the chart renders no liveness probe and has no
            // value for one; a wedged nginx fails readiness and the ALB health check instead.
            readyStatus: { enable: true, port: 8081 },
            podSecurityContext: { seccompProfile: { type: "RuntimeDefault" } },
            // Accepted K2 exception: nginx binds 80/443 as uid 101, which needs NET_BIND_SERVICE (and nothing else).
            securityContext: {
                runAsNonRoot: true,
                runAsUser: 101,
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] },
                seccompProfile: { type: "RuntimeDefault" },
            },
            // The controller reports usage to F5 unless told not to.
            telemetryReporting: { enable: false },
            // nginx/nginx-ingress is on Docker Hub: pull it (and its init container, same image) authenticated.
            serviceAccount: { imagePullSecretsNames: [PULL_SECRET_NAME] },
        },
        // Metrics on the container port `prometheus` (the platform's PodMonitor scrapes it); explicit, also the default.
        prometheus: { create: true, port: INGRESS_METRICS_PORT },
    };
}

/** Arguments of {@link IngressController}. Pass the cluster's Kubernetes provider as `opts.provider`. */
export interface IngressControllerArgs {
    /** Namespace of the controller (`kube-ingress`, created by the tenancy layer). */
    namespace: pulumi.Input<string>;
    /** NodePorts and replicas, validated by stacks/. Plain: replicas decide whether a PodDisruptionBudget exists. */
    settings: Pick<IngressConfig, "httpNodePort" | "httpsNodePort" | "replicas">;
    /** VPC CIDR: the only source nginx trusts for X-Forwarded-For. */
    vpcCidr: pulumi.Input<string>;
    /** The ALB's DNS name, reported in Ingress status. Default: none (Pulumi-declared Ingresses then never become ready). */
    externalStatusAddress?: pulumi.Input<string>;
}

/**
 * The cluster's ingress controller behind the ALB: a NodePort Service on the legacy ports, a `high-priority`
 * PriorityClass, zone spread and a PodDisruptionBudget.
 *
 * A helm.v3.Release rather than a helm.v4.Chart: one resource that Helm itself owns, so `helm history/rollback`
 * work as F5's upgrade notes assume, chart hooks keep their semantics, and `pulumi up` does one install instead of
 * awaiting ~15 objects. The cost is a diff of values instead of per-object diffs.
 */
export class IngressController extends pulumi.ComponentResource {
    public readonly releaseName: pulumi.Output<string>;
    public readonly ingressClassName: pulumi.Output<string>;
    public readonly priorityClassName: pulumi.Output<string>;
    public readonly healthCheckPath: string = INGRESS_HEALTH_PATH;

    constructor(name: string, args: IngressControllerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:edge:IngressController", name, {}, opts);
        // Children inherit the cluster's Kubernetes provider from this component (opts.provider).
        const priority = new k8s.scheduling.v1.PriorityClass(
            `${name}-priority`,
            {
                metadata: { name: PRIORITY_CLASS_NAME },
                value: PRIORITY_CLASS_VALUE,
                globalDefault: false,
                description: "Edge traffic: the ingress controller is scheduled, and kept, before ordinary workloads.",
            },
            { parent: this },
        );

        const values = pulumi
            .all([args.vpcCidr, args.externalStatusAddress, priority.metadata.name])
            .apply(([vpcCidr, address, priorityClassName]) =>
                ingressValues({ ...args.settings, vpcCidr, externalStatusAddress: address, priorityClassName }),
            );

        const release = new k8s.helm.v3.Release(
            `${name}-release`,
            {
                name: NGINX_INGRESS_RELEASE,
                chart: NGINX_INGRESS_CHART,
                version: NGINX_INGRESS_CHART_VERSION,
                namespace: args.namespace,
                createNamespace: false,
                values,
                // Nothing in the program consumes the controller's readiness: the IngressClass exists as soon as Helm has
                // installed, and the ALB's health check simply marks targets healthy once pods are up. So do not wait for
                // image pulls and rollouts (1-2 min, more on upgrades); `timeout` bounds only Helm's own API calls.
                skipAwait: true,
                timeout: 300,
                skipCrds: true,
                cleanupOnFail: true,
                maxHistory: 10,
                // Pulumi does not pass a component's dependsOn (schedulable nodes) to its children.
            },
            { parent: this, dependsOn: opts?.dependsOn },
        );

        this.releaseName = release.name;
        this.ingressClassName = pulumi.output(INGRESS_CLASS);
        this.priorityClassName = priority.metadata.name;
        this.registerOutputs({ releaseName: this.releaseName, ingressClassName: this.ingressClassName });
    }
}
