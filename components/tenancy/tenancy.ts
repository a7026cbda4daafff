import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { DEVELOPER_GROUP, ENDPOINTS_CONFIGMAP, PLATFORM_NAMESPACES, PULL_SECRET_NAME } from "../platform-names";
import { ownedNamespaces, podSecurityLabels } from "./namespaces";
import { networkPoliciesFor } from "./network-policies";
import { dockerConfigJson } from "./pull-secret";
import { DEVELOPER_ROLE_BINDING_NAME, DEVELOPER_ROLE_NAME, DEVELOPER_RULES } from "./rbac";
import { throwIfProblems } from "../../stacks/predicates";

/** Endpoints of the data and observability layers, published to apps in the `platform-endpoints` ConfigMap. */
export interface PlatformEndpoints {
    kafkaBootstrapBrokers?: pulumi.Input<string>;
    opensearchEndpoint?: pulumi.Input<string>;
    databaseHost?: pulumi.Input<string>;
    otlpEndpoint?: pulumi.Input<string>;
}

/** Arguments of {@link Tenancy}. */
export interface TenancyArgs {
    /** The cluster's Kubernetes provider: every object gets it explicitly, nothing falls back to a default provider. */
    provider: k8s.Provider;
    /** The environment's own namespace (the stack name, e.g. dev). */
    appNamespace: string;
    /** Create the `test` namespace for the toolbox. */
    toolboxNamespace: boolean;
    /** VPC CIDR: where RDS, MSK, OpenSearch, the nodes and the ALB live (NetworkPolicy allows). */
    vpcCidr: pulumi.Input<string>;
    /** Docker Hub pull secret `docker-hub`: user, secret token, and the namespaces that get it. */
    dockerHub: { username: pulumi.Input<string>; token: pulumi.Input<string>; namespaces: string[] };
    /** Namespaces where DEVELOPER_GROUP gets the read-only developer Role. */
    developerNamespaces: string[];
    endpoints: PlatformEndpoints;
    /** The cluster's Kubernetes minor version (e.g. "1.35"): the Pod Security policy version of every namespace. */
    kubernetesVersion: string;
}

/** Namespaces outside our own that config may still name: pull secrets and developer RBAC are fine in `default` (K1). */
const EXISTING_NAMESPACES = ["default"];

/**
 * What the legacy kustomize overlays did per environment: namespaces with Pod Security labels, the Docker Hub pull
 * secret (and the `default` service accounts that use it), the developer Role and RoleBinding, default-deny
 * NetworkPolicies with explicit allows, and the `platform-endpoints` ConfigMap.
 */
export class Tenancy extends pulumi.ComponentResource {
    /** Names of the namespaces we own, resolved once each exists: app, logging, monitoring, observability, fluxSystem, ingress, toolbox?. */
    public readonly namespaces: Record<string, pulumi.Output<string>>;
    public readonly endpointsConfigMapName: pulumi.Output<string>;
    /**
     * The Namespace objects, for `dependsOn` of layers that deploy into them. Depending on the whole component would
     * also wait for its platform-endpoints ConfigMap, and so for MSK, OpenSearch and RDS (a `dependsOn` on a component
     * waits for all its children).
     */
    public readonly namespaceResources: k8s.core.v1.Namespace[];

    constructor(name: string, args: TenancyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:tenancy:Tenancy", name, {}, opts);
        const child = { parent: this, provider: args.provider };
        const owned = ownedNamespaces(args.appNamespace, args.toolboxNamespace);
        const unknown = [
            ...args.dockerHub.namespaces
                .filter((ns) => !owned.has(ns) && !EXISTING_NAMESPACES.includes(ns))
                .map((ns) => `platform:dockerHub.namespaces: "${ns}"`),
            ...args.developerNamespaces
                .filter((ns) => !owned.has(ns) && !EXISTING_NAMESPACES.includes(ns))
                .map((ns) => `platform:access.developerNamespaces: "${ns}"`),
        ];
        throwIfProblems(
            "Tenancy",
            unknown.map(
                (u) => `${u} is not a namespace the platform creates. Use one of ${[...owned.keys(), ...EXISTING_NAMESPACES].join(", ")}.`,
            ),
        );

        const created = new Map<string, pulumi.Output<string>>();
        const namespaceResources: k8s.core.v1.Namespace[] = [];
        for (const [ns, profile] of owned) {
            const namespace = new k8s.core.v1.Namespace(
                `${name}-${ns}`,
                {
                    metadata: {
                        name: ns,
                        labels: { ...podSecurityLabels(profile, args.kubernetesVersion), "app.kubernetes.io/managed-by": "pulumi" },
                    },
                },
                child,
            );
            created.set(ns, namespace.metadata.name);
            namespaceResources.push(namespace);
            for (const policy of networkPoliciesFor(profile.role, { appNamespace: args.appNamespace, vpcCidr: args.vpcCidr })) {
                new k8s.networking.v1.NetworkPolicy(
                    `${name}-${ns}-${policy.name}`,
                    {
                        metadata: { name: policy.name, namespace: namespace.metadata.name },
                        spec: policy.spec,
                    },
                    child,
                );
            }
        }
        const nsRef = (ns: string): pulumi.Input<string> => created.get(ns) ?? ns;

        const dockerConfig = dockerConfigJson(args.dockerHub.username, args.dockerHub.token);
        const pullSecrets = new Map<string, pulumi.Output<string>>();
        for (const ns of args.dockerHub.namespaces) {
            const secret = new k8s.core.v1.Secret(
                `${name}-${ns}-docker-hub`,
                {
                    metadata: { name: PULL_SECRET_NAME, namespace: nsRef(ns) },
                    type: "kubernetes.io/dockerconfigjson",
                    stringData: { ".dockerconfigjson": dockerConfig },
                },
                child,
            );
            pullSecrets.set(ns, secret.metadata.name);
        }
        // The `default` service account of each namespace pulls with the secret, so manifests need no imagePullSecrets,
        // and mounts no API token: CIS 4.1.5, pods that need the API use their own service account (K7).
        for (const ns of new Set([...owned.keys(), ...args.dockerHub.namespaces])) {
            const secretName = pullSecrets.get(ns);
            new k8s.core.v1.ServiceAccountPatch(
                `${name}-${ns}-default-sa`,
                {
                    metadata: { name: "default", namespace: nsRef(ns) },
                    automountServiceAccountToken: false,
                    ...(secretName ? { imagePullSecrets: [{ name: secretName }] } : {}),
                },
                child,
            );
        }

        for (const ns of args.developerNamespaces) {
            const role = new k8s.rbac.v1.Role(
                `${name}-${ns}-developer-role`,
                {
                    metadata: { name: DEVELOPER_ROLE_NAME, namespace: nsRef(ns) },
                    rules: DEVELOPER_RULES,
                },
                child,
            );
            new k8s.rbac.v1.RoleBinding(
                `${name}-${ns}-developer-rolebinding`,
                {
                    metadata: { name: DEVELOPER_ROLE_BINDING_NAME, namespace: nsRef(ns) },
                    subjects: [{ kind: "Group", name: DEVELOPER_GROUP, apiGroup: "rbac.authorization.k8s.io" }],
                    roleRef: { kind: "Role", name: role.metadata.name, apiGroup: "rbac.authorization.k8s.io" },
                },
                child,
            );
        }

        const e = args.endpoints;
        const data: Record<string, pulumi.Input<string>> = {};
        if (e.kafkaBootstrapBrokers !== undefined) data.KAFKA_BOOTSTRAP_BROKERS = e.kafkaBootstrapBrokers;
        if (e.opensearchEndpoint !== undefined) data.OPENSEARCH_ENDPOINT = e.opensearchEndpoint;
        if (e.databaseHost !== undefined) data.DATABASE_HOST = e.databaseHost;
        if (e.otlpEndpoint !== undefined) data.OTLP_ENDPOINT = e.otlpEndpoint;
        const endpoints = new k8s.core.v1.ConfigMap(
            `${name}-platform-endpoints`,
            {
                metadata: { name: ENDPOINTS_CONFIGMAP, namespace: nsRef(args.appNamespace) },
                data,
            },
            child,
        );

        this.namespaceResources = namespaceResources;
        this.namespaces = {
            app: created.get(args.appNamespace)!,
            logging: created.get(PLATFORM_NAMESPACES.logging)!,
            monitoring: created.get(PLATFORM_NAMESPACES.monitoring)!,
            observability: created.get(PLATFORM_NAMESPACES.observability)!,
            fluxSystem: created.get(PLATFORM_NAMESPACES.fluxSystem)!,
            ingress: created.get(PLATFORM_NAMESPACES.ingress)!,
            ...(args.toolboxNamespace ? { toolbox: created.get(PLATFORM_NAMESPACES.toolbox)! } : {}),
        };
        this.endpointsConfigMapName = endpoints.metadata.name;
        this.registerOutputs({ namespaces: this.namespaces, endpointsConfigMapName: this.endpointsConfigMapName });
    }
}
