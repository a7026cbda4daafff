import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ENDPOINTS_CONFIGMAP, PULL_SECRET_NAME } from "../platform-names";
import { DNS_EGRESS, ENV_NAME, SLEEP_FOREVER, TMP_MOUNT, TMP_VOLUME, containerSecurityContext, podSecurityContext } from "./pod";

type Input<T> = pulumi.Input<T>;

/**
 * Pinned images, one container per client, because no maintained public image carries psql, kcat, curl and openssl
 * together (netshoot has no psql or kcat; network-multitool:extra has psql but no kcat) and the toolbox must not
 * install anything at start.
 * - shell: bash, curl, openssl, jq, dig, nc (nicolaka/netshoot v0.16, 2026-07-01).
 * - psql: the client of the RDS major version (PostgreSQL 17).
 * - kcat: not by default. Its only image, edenhill/kcat:1.7.1, was last built in 2022 on Alpine 3.10 (end of life,
 *   no CVE fixes), and kcat cannot sign AWS_MSK_IAM, the only auth our MSK accepts. Pass `images.kcat` to add it.
 */
export const TOOLBOX_IMAGES = {
    shell: "nicolaka/netshoot:v0.16",
    psql: "postgres:17.6-alpine",
} as const;
export const KCAT_IMAGE = "edenhill/kcat:1.7.1";
/** An unprivileged uid none of the images owns files as: the tools only need /tmp. */
export const TOOLBOX_UID = 65532;
export const TOOLBOX_NAME = "toolbox";
/** Annotation that exempts a workload from K5 (policy/rules/workloads.ts); its value is the reason. */
export const K5_EXCEPTION = "platform.policy/k5-exception";
/** Annotation stating why a developer Role grants pods/exec (E7 in policy/rules/cluster.ts must honour it). */
export const E7_EXCEPTION = "platform.policy/e7-exception";

export interface ToolboxImages {
    shell: string;
    psql: string;
    kcat?: string;
}

/** Arguments of {@link Toolbox}. */
export interface ToolboxArgs {
    /** Namespace of the toolbox, `test` as in the legacy setup. It must exist (tenancy layer). */
    namespace: Input<string>;
    /** Kubernetes group of the developer role (access entries): may list the pods and exec into them, here only. */
    developerGroup: string;
    /** Env vars for the checks (e.g. KAFKA_BOOTSTRAP, HYDRA_ADMIN_URL), copied into a ConfigMap in the toolbox namespace. */
    endpoints: Record<string, Input<string>>;
    /** Egress is limited to DNS and these CIDRs (all ports); pass the VPC CIDR. */
    egressCidrs: Input<string>[];
    /** Per-container images; default {@link TOOLBOX_IMAGES}. */
    images?: Partial<ToolboxImages>;
}

/**
 * The `cdc-toolbox` replacement: a one-replica Deployment that sleeps, for `kubectl exec` checks against the
 * environment's endpoints. Developers get get/list on pods and exec in its namespace only (an accepted exception
 * to E7: the namespace holds nothing but the toolbox, and the toolbox holds no credentials).
 */
export class Toolbox extends pulumi.ComponentResource {
    public readonly namespace: pulumi.Output<string>;
    public readonly deploymentName: pulumi.Output<string>;

    constructor(name: string, args: ToolboxArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:apps:Toolbox", name, {}, opts);
        const bad = Object.keys(args.endpoints).filter((k) => !ENV_NAME.test(k));
        if (bad.length > 0)
            throw new Error(`Toolbox ${name}: endpoint names must be env-var names ([A-Za-z_][A-Za-z0-9_]*), got ${bad.join(", ")}.`);
        const child = { parent: this };
        const namespace = args.namespace;
        const labels = { "app.kubernetes.io/name": TOOLBOX_NAME, "app.kubernetes.io/part-of": "platform" };
        const images: ToolboxImages = { ...TOOLBOX_IMAGES, ...args.images };

        // ConfigMaps cannot be read across namespaces: the endpoints are copied here.
        const endpoints = new k8s.core.v1.ConfigMap(
            `${name}-endpoints`,
            {
                metadata: { name: ENDPOINTS_CONFIGMAP, namespace, labels },
                data: args.endpoints,
            },
            child,
        );
        const account = new k8s.core.v1.ServiceAccount(
            `${name}-sa`,
            {
                metadata: { name: TOOLBOX_NAME, namespace, labels },
                automountServiceAccountToken: false,
            },
            child,
        );

        const container = (containerName: string, image: string): k8s.types.input.core.v1.Container => ({
            name: containerName,
            image,
            command: SLEEP_FOREVER,
            env: [{ name: "HOME", value: "/tmp" }],
            envFrom: [{ configMapRef: { name: endpoints.metadata.name } }],
            livenessProbe: { exec: { command: ["true"] }, periodSeconds: 60 },
            readinessProbe: { exec: { command: ["true"] }, periodSeconds: 30 },
            resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
            securityContext: containerSecurityContext(TOOLBOX_UID),
            volumeMounts: [TMP_MOUNT],
        });
        const containers = [container("shell", images.shell), container("psql", images.psql)];
        if (images.kcat) containers.push(container("kcat", images.kcat));

        const deployment = new k8s.apps.v1.Deployment(
            `${name}-deployment`,
            {
                metadata: {
                    name: TOOLBOX_NAME,
                    namespace,
                    labels,
                    annotations: { [K5_EXCEPTION]: "debug pod for kubectl exec, serves nothing: one replica is enough" },
                },
                spec: {
                    replicas: 1,
                    selector: { matchLabels: labels },
                    template: {
                        metadata: { labels, annotations: { "kubectl.kubernetes.io/default-container": "shell" } },
                        spec: {
                            serviceAccountName: account.metadata.name,
                            automountServiceAccountToken: false,
                            // netshoot, postgres and kcat are on Docker Hub.
                            imagePullSecrets: [{ name: PULL_SECRET_NAME }],
                            securityContext: podSecurityContext(TOOLBOX_UID),
                            terminationGracePeriodSeconds: 5,
                            containers,
                            volumes: [TMP_VOLUME],
                        },
                    },
                },
                // Pulumi does not pass a component's dependsOn (schedulable nodes) to its children.
            },
            { parent: this, dependsOn: opts?.dependsOn },
        );

        new k8s.networking.v1.NetworkPolicy(
            `${name}-netpol`,
            {
                metadata: { name: TOOLBOX_NAME, namespace, labels },
                spec: {
                    podSelector: { matchLabels: labels },
                    policyTypes: ["Ingress", "Egress"],
                    ingress: [],
                    egress: [{ to: args.egressCidrs.map((cidr) => ({ ipBlock: { cidr } })) }, DNS_EGRESS],
                },
            },
            child,
        );

        this.rbac(name, namespace, args.developerGroup, labels);
        this.namespace = pulumi.output(namespace);
        this.deploymentName = deployment.metadata.name;
        this.registerOutputs({ namespace: this.namespace, deploymentName: this.deploymentName });
    }

    private rbac(name: string, namespace: Input<string>, group: string, labels: Record<string, string>): void {
        const role = new k8s.rbac.v1.Role(
            `${name}-exec`,
            {
                metadata: {
                    name: `${TOOLBOX_NAME}-exec`,
                    namespace,
                    labels,
                    annotations: {
                        [E7_EXCEPTION]: "exec into the toolbox only: its namespace holds nothing else, and it holds no credentials",
                    },
                },
                rules: [
                    { apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] },
                    // kubectl >= 1.30 opens exec over WebSockets, an HTTP GET authorised as `get`; older clients POST (`create`).
                    { apiGroups: [""], resources: ["pods/exec"], verbs: ["create", "get"] },
                    // `kubectl exec deploy/toolbox` resolves the Deployment first.
                    { apiGroups: ["apps"], resources: ["deployments"], resourceNames: [TOOLBOX_NAME], verbs: ["get"] },
                ],
            },
            { parent: this },
        );
        new k8s.rbac.v1.RoleBinding(
            `${name}-exec`,
            {
                metadata: { name: `${TOOLBOX_NAME}-exec`, namespace, labels },
                roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role.metadata.name },
                subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: group }],
            },
            { parent: this },
        );
    }
}

/** The toolbox when `enabled` (plain config flag, default on in dev only), nothing otherwise. */
export function optionalToolbox(
    enabled: boolean,
    name: string,
    args: ToolboxArgs,
    opts?: pulumi.ComponentResourceOptions,
): Toolbox | undefined {
    return enabled ? new Toolbox(name, args, opts) : undefined;
}
