import { INGRESS_CLASS, PLATFORM_NAMESPACES } from "../platform-names";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import {
    HYDRA_ADMIN_PORT,
    HYDRA_IMAGE,
    HYDRA_LABELS,
    HYDRA_NAME,
    HYDRA_PUBLIC_PORT,
    type HydraLogLevel,
    MIGRATE_LABELS,
    SERVER_LABELS,
    hydraConfigData,
    hydraPublicUrl,
    hydraSecretData,
    migrationJobName,
    migrationPodSpec,
    serverPodSpec,
} from "./hydra-spec";
import { DNS_EGRESS, checksum, namespaceSelector } from "./pod";

type Input<T> = pulumi.Input<T>;

/** Arguments of {@link Hydra}. */
export interface HydraArgs {
    /** The environment's namespace (tenancy layer). */
    namespace: Input<string>;
    /** The environment's domain, validated by stacks/. */
    domain: string;
    /** Host label below the domain (HydraConfig.host): the issuer is https://<host>.<domain>/. */
    host: string;
    /** Login and consent UI URLs (HydraConfig). */
    loginUrl: Input<string>;
    consentUrl: Input<string>;
    /** Server replicas; >= 2 outside dev (K5). Plain: it decides whether a PodDisruptionBudget exists. */
    replicas: number;
    /** Postgres DSN from the data layer (secret). */
    dsn: Input<string>;
    /** VPC CIDR: Hydra's only non-DNS egress is Postgres (5432) inside it. */
    vpcCidr: Input<string>;
    /**
     * `protect` the generated secrets (outside dev): a new system secret makes everything Hydra encrypted in Postgres
     * unreadable, a new cookie secret logs everyone out, a new pairwise salt changes every pairwise subject.
     */
    protect: boolean;
    /** Overrides of the generated secrets (PlatformSecrets); undefined generates one, kept across `pulumi up`. */
    systemSecret?: Input<string>;
    cookieSecret?: Input<string>;
    pairwiseSalt?: Input<string>;
    /** Former system secrets, newest first, kept so Hydra can still decrypt what they encrypted (rotation). */
    retiredSystemSecrets?: Input<Input<string>[]>;
    /** Default {@link HYDRA_IMAGE}. */
    image?: string;
    /** Default "info". */
    logLevel?: HydraLogLevel;
    /** Namespace of the NGINX ingress controller, the only one that reaches the public port. Default "kube-ingress". */
    ingressNamespace?: string;
    /** Default "nginx". */
    ingressClassName?: string;
    /** Other namespaces whose pods may call both ports in-cluster, e.g. ["test"] for the toolbox's checks. Default none. */
    clientNamespaces?: string[];
}

/** Options of each generated secret: `protect` in protected tiers, so that only a deliberate rotation replaces one. */
export function generatedSecretOptions(parent: pulumi.Resource, protect: boolean): pulumi.CustomResourceOptions {
    return { parent, protect };
}

/**
 * ORY Hydra as typed Kubernetes objects rather than the ory/hydra chart: the chart generates its own Secret and runs
 * migrations as Helm hooks, which fight a Secret fed from Pulumi and are invisible to the policy rules.
 * Order on `pulumi up`: Secret and ConfigMap, the migration Job (Pulumi waits for it to complete), then the Deployment.
 */
export class Hydra extends pulumi.ComponentResource {
    /** https://<host>.<domain>/ : the issuer. */
    public readonly publicUrl: pulumi.Output<string>;
    /** In-cluster admin API, e.g. for the login/consent app: http://hydra-admin.<ns>.svc.cluster.local:4445 */
    public readonly adminServiceAddress: pulumi.Output<string>;
    /** Host label, for the edge layer's alias records. */
    public readonly host: pulumi.Output<string>;
    /** Name of the Secret holding DSN and Hydra's secrets. */
    public readonly secretName: pulumi.Output<string>;

    constructor(name: string, args: HydraArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:apps:Hydra", name, {}, opts);
        if (!Number.isInteger(args.replicas) || args.replicas < 1) {
            throw new Error(`Hydra ${name}: replicas must be a positive integer, got ${args.replicas}.`);
        }
        const child = { parent: this };
        const image = args.image ?? HYDRA_IMAGE;
        const namespace = args.namespace;
        const publicUrl = hydraPublicUrl(args.host, args.domain);
        // Generated secrets have no keepers: they never change unless replaced on purpose (docs/apps.md, rotation).
        const generated = (role: string, given: Input<string> | undefined) =>
            given ??
            new random.RandomPassword(`${name}-${role}`, { length: 32, special: false }, generatedSecretOptions(this, args.protect)).result;
        const system = generated("system-secret", args.systemSecret);
        const cookie = generated("cookie-secret", args.cookieSecret);
        const salt = generated("pairwise-salt", args.pairwiseSalt);

        const secretData = pulumi.secret(
            pulumi
                .all([args.dsn, system, pulumi.output(args.retiredSystemSecrets ?? []), cookie, salt])
                .apply(([dsn, s, retiredSystem, c, p]) => hydraSecretData({ dsn, system: s, retiredSystem, cookie: c, salt: p })),
        );
        const secret = new k8s.core.v1.Secret(
            `${name}-secret`,
            {
                metadata: { name: HYDRA_NAME, namespace, labels: HYDRA_LABELS },
                type: "Opaque",
                stringData: secretData,
            },
            child,
        );
        const configData = hydraConfigData({
            publicUrl,
            loginUrl: args.loginUrl,
            consentUrl: args.consentUrl,
            logLevel: args.logLevel ?? "info",
        });
        const config = new k8s.core.v1.ConfigMap(
            `${name}-config`,
            {
                metadata: { name: HYDRA_NAME, namespace, labels: HYDRA_LABELS },
                data: configData,
            },
            child,
        );
        // One service account per workload (K7): the server and the migration have nothing to share.
        const account = new k8s.core.v1.ServiceAccount(
            `${name}-sa`,
            {
                metadata: { name: HYDRA_NAME, namespace, labels: SERVER_LABELS },
                automountServiceAccountToken: false,
            },
            child,
        );
        const migrateAccount = new k8s.core.v1.ServiceAccount(
            `${name}-migrate-sa`,
            {
                metadata: { name: `${HYDRA_NAME}-migrate`, namespace, labels: MIGRATE_LABELS },
                automountServiceAccountToken: false,
            },
            child,
        );

        const egress = this.networkPolicies(name, args, opts?.dependsOn);

        // No ttlSecondsAfterFinished: a Job the TTL controller deletes is recreated by the next refresh + up and the
        // migration runs again. A finished Job costs one object; the next image version replaces it.
        const job = new k8s.batch.v1.Job(
            `${name}-migrate`,
            {
                metadata: { name: migrationJobName(image), namespace, labels: MIGRATE_LABELS },
                spec: {
                    backoffLimit: 3,
                    activeDeadlineSeconds: 900,
                    template: {
                        metadata: { labels: MIGRATE_LABELS },
                        spec: migrationPodSpec({
                            image,
                            serviceAccountName: migrateAccount.metadata.name,
                            secretName: secret.metadata.name,
                        }),
                    },
                },
            },
            { parent: this, dependsOn: [egress], customTimeouts: { create: "15m", update: "15m" } },
        );

        new k8s.apps.v1.Deployment(
            `${name}-server`,
            {
                metadata: { name: HYDRA_NAME, namespace, labels: SERVER_LABELS },
                spec: {
                    replicas: args.replicas,
                    revisionHistoryLimit: 5,
                    selector: { matchLabels: SERVER_LABELS },
                    strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
                    template: {
                        metadata: {
                            labels: SERVER_LABELS,
                            // Env is read at start: this rolls the pods when a setting changes. There is no secret
                            // checksum: a secret-derived annotation makes the whole spec secret, hiding image changes in
                            // previews. After rotating a secret: `kubectl rollout restart` (docs/apps.md).
                            annotations: { "checksum/config": checksum(configData) },
                        },
                        spec: serverPodSpec({
                            image,
                            serviceAccountName: account.metadata.name,
                            secretName: secret.metadata.name,
                            configMapName: config.metadata.name,
                        }),
                    },
                },
            },
            { parent: this, dependsOn: [job] },
        );

        if (args.replicas > 1) {
            new k8s.policy.v1.PodDisruptionBudget(
                `${name}-pdb`,
                {
                    metadata: { name: HYDRA_NAME, namespace, labels: SERVER_LABELS },
                    spec: { minAvailable: 1, selector: { matchLabels: SERVER_LABELS } },
                },
                child,
            );
        }

        const service = (role: "public" | "admin", port: number) =>
            new k8s.core.v1.Service(
                `${name}-${role}`,
                {
                    metadata: { name: `${HYDRA_NAME}-${role}`, namespace, labels: SERVER_LABELS },
                    spec: {
                        type: "ClusterIP",
                        selector: SERVER_LABELS,
                        ports: [{ name: `http-${role}`, port, targetPort: `http-${role}`, protocol: "TCP" }],
                    },
                },
                child,
            );
        const publicService = service("public", HYDRA_PUBLIC_PORT);
        const adminService = service("admin", HYDRA_ADMIN_PORT);

        // No tls block: TLS ends at the ALB with the ACM wildcard certificate; NGINX gets plain HTTP from it. A tls
        // block would need a certificate Secret in the cluster and would make NGINX redirect the ALB's HTTP to HTTPS.
        new k8s.networking.v1.Ingress(
            `${name}-ingress`,
            {
                metadata: { name: HYDRA_NAME, namespace, labels: SERVER_LABELS },
                spec: {
                    ingressClassName: args.ingressClassName ?? INGRESS_CLASS,
                    rules: [
                        {
                            host: `${args.host}.${args.domain}`,
                            http: {
                                paths: [
                                    {
                                        path: "/",
                                        pathType: "Prefix",
                                        backend: { service: { name: publicService.metadata.name, port: { number: HYDRA_PUBLIC_PORT } } },
                                    },
                                ],
                            },
                        },
                    ],
                },
            },
            child,
        );

        this.publicUrl = pulumi.output(publicUrl);
        this.adminServiceAddress = pulumi.interpolate`http://${adminService.metadata.name}.${adminService.metadata.namespace}.svc.cluster.local:${HYDRA_ADMIN_PORT}`;
        this.host = pulumi.output(args.host);
        this.secretName = secret.metadata.name;
        this.registerOutputs({ publicUrl: this.publicUrl, adminServiceAddress: this.adminServiceAddress, host: this.host });
    }

    /** Ingress: public port from the ingress controller, admin port from the environment's own pods. Egress: Postgres, DNS. */
    private networkPolicies(
        name: string,
        args: HydraArgs,
        dependsOn: pulumi.ComponentResourceOptions["dependsOn"],
    ): k8s.networking.v1.NetworkPolicy {
        const child = { parent: this };
        new k8s.networking.v1.NetworkPolicy(
            `${name}-netpol-ingress`,
            {
                metadata: { name: `${HYDRA_NAME}-ingress`, namespace: args.namespace, labels: HYDRA_LABELS },
                spec: {
                    podSelector: { matchLabels: SERVER_LABELS },
                    policyTypes: ["Ingress"],
                    ingress: [
                        {
                            from: [{ namespaceSelector: namespaceSelector(args.ingressNamespace ?? PLATFORM_NAMESPACES.ingress) }],
                            ports: [{ protocol: "TCP", port: HYDRA_PUBLIC_PORT }],
                        },
                        { from: [{ podSelector: {} }], ports: [{ protocol: "TCP", port: HYDRA_ADMIN_PORT }] },
                        ...(args.clientNamespaces?.length
                            ? [
                                  {
                                      from: args.clientNamespaces.map((ns) => ({ namespaceSelector: namespaceSelector(ns) })),
                                      ports: [HYDRA_PUBLIC_PORT, HYDRA_ADMIN_PORT].map((port) => ({ protocol: "TCP", port })),
                                  },
                              ]
                            : []),
                    ],
                },
            },
            child,
        );
        return new k8s.networking.v1.NetworkPolicy(
            `${name}-netpol-egress`,
            {
                metadata: { name: `${HYDRA_NAME}-egress`, namespace: args.namespace, labels: HYDRA_LABELS },
                spec: {
                    podSelector: { matchLabels: HYDRA_LABELS },
                    policyTypes: ["Egress"],
                    egress: [{ to: [{ ipBlock: { cidr: args.vpcCidr } }], ports: [{ protocol: "TCP", port: 5432 }] }, DNS_EGRESS],
                },
                // Every pod of Hydra starts after this policy (the Job waits for it, the Deployment for the Job), so the
                // caller's dependsOn (schedulable nodes) is forwarded here: Pulumi does not pass it to children itself.
            },
            { parent: this, dependsOn },
        );
    }
}
