import * as pulumi from "@pulumi/pulumi";
import { OfficeHours } from "./schedule";

/** The environment tier: dev is cheap, staging and prod are highly available and protected. */
export type Tier = "dev" | "staging" | "prod";
export const TIERS: readonly Tier[] = ["dev", "staging", "prod"];

export interface NodeGroupConfig {
    /** Short name, unique per cluster; becomes part of resource names. */
    name: string;
    instanceTypes: string[];
    capacityType: "SPOT" | "ON_DEMAND";
    minSize: number;
    desiredSize: number;
    maxSize: number;
    diskSizeGb: number;
}

export interface NetworkConfig {
    cidr: string;
    /** Number of AZs; equals availabilityZones.length when those are given. */
    azCount: number;
    /** Explicit AZ names (stacks that pinned names before zone IDs existed here), or undefined. */
    availabilityZones?: string[];
    /** Explicit zone IDs, or undefined to take the region's first `azCount` zones that EKS and MSK accept. */
    availabilityZoneIds?: string[];
    natGateways: "single" | "perAz";
    publicSubnetCidrs: string[];
    privateSubnetCidrs: string[];
    flowLogRetentionDays: number;
}

export interface ClusterConfig {
    version: string;
    /** CIDRs that may reach the public API endpoint; empty means the public endpoint is off. */
    publicAccessCidrs: string[];
    logRetentionDays: number;
    /** Install the amazon-cloudwatch-observability add-on (Container Insights metrics for the dashboard). */
    containerInsights: boolean;
    nodeGroups: NodeGroupConfig[];
}

/** Karpenter's NodePool and the dev sleep, validated; the window is `vpn.officeHours` (one office-hours setting). */
export interface KarpenterConfig {
    /** What the NodePool may buy: spot, on-demand or both (Karpenter prefers spot when both are allowed). */
    capacityTypes: ("spot" | "on-demand")[];
    architectures: ("amd64" | "arm64")[];
    /** EC2 instance categories (karpenter.k8s.aws/instance-category), such as c, m, r, t. */
    instanceCategories: string[];
    /** Instance families (karpenter.k8s.aws/instance-family) such as m7i; empty: any family of the categories. */
    instanceFamilies: string[];
    /** NodePool limit on the vCPUs of all its nodes together: the capacity ceiling the cost report prices. */
    cpuLimit: number;
    /** NodePool limit on the memory of all its nodes together, in GiB. */
    memoryLimitGi: number;
    consolidationPolicy: "WhenEmpty" | "WhenEmptyOrUnderutilized";
    /** How long a node must be empty or underused before Karpenter removes or replaces it, e.g. 1m. */
    consolidateAfter: string;
    /** Nodes Karpenter may disrupt at a time inside office hours (staging and prod: 1); outside them, 10%. */
    businessHoursDisruptedNodes?: number;
    /** Outside office hours the NodePool's limits drop to zero and its nodes are deleted; back at the start. */
    sleepOutOfHours: boolean;
    /** The office-hours window (vpn.officeHours), for the sleep and the business-hours budget. */
    officeHours: OfficeHours;
}

export interface AccessConfig {
    /** IAM role ARNs that get cluster admin (the deployer is always one). */
    adminRoleArns: string[];
    /** IAM role ARNs mapped to the developer group, bound to namespaced Roles only. */
    developerRoleArns: string[];
    /** Roles CI runs `pulumi up` as (vars.AWS_DEPLOY_ROLE_ARN): cluster admin, like adminRoleArns. */
    ciDeployRoleArns: string[];
    /**
     * Roles CI runs `pulumi preview` as (vars.AWS_PREVIEW_ROLE_ARN): read-only, Secrets included (Helm keeps its release
     * state in Secrets); no write verb, so a pull request's code cannot change the cluster.
     */
    ciPreviewRoleArns: string[];
    /** Namespaces where the developer Role and RoleBinding exist. */
    developerNamespaces: string[];
}

export interface DatabaseConfig {
    engineVersion: string;
    instanceClass: string;
    allocatedStorageGb: number;
    maxAllocatedStorageGb: number;
    multiAz: boolean;
    backupRetentionDays: number;
    deletionProtection: boolean;
}

export interface KafkaConfig {
    kafkaVersion: string;
    brokerCount: number;
    instanceType: string;
    volumeSizeGb: number;
}

export interface SearchConfig {
    engineVersion: string;
    instanceType: string;
    instanceCount: number;
    /** 1 turns zone awareness off. */
    zoneCount: number;
    volumeSizeGb: number;
}

export interface VpnConfig {
    enabled: boolean;
    clientCidr: string;
    /** How many private subnets the endpoint is associated with; each costs money and ~10 minutes. */
    subnetAssociations: number;
    /** Associated all the time (Pulumi owns the associations), or only in `officeHours` (EventBridge Scheduler owns them). */
    alwaysOn: boolean;
    /** The window the associations exist in when `alwaysOn` is false. */
    officeHours: OfficeHours;
    /** One certificate and .ovpn per name, so one person can be revoked alone (loader default: ["shared"]). */
    clients?: string[];
    samlProviderArn?: string;
}

export interface AlarmsConfig {
    /** E-mail addresses subscribed to the alarm topic. */
    emails: string[];
}

export interface IngressConfig {
    httpNodePort: number;
    httpsNodePort: number;
    replicas: number;
    /** CIDRs that may reach the ALB on 80/443. */
    allowedCidrs: string[];
    /** Days the ALB access logs are kept in their bucket. */
    accessLogRetentionDays: number;
}

export interface DnsConfig {
    /** Route53 zone id of the parent domain, when it is in this account: the NS delegation is then declared. */
    parentZoneId?: string;
    /** Extra host labels (one label below the domain) that get alias records to the ALB. */
    extraHosts: string[];
}

export interface GitOpsConfig {
    /** ssh://git@host/org/repo(.git) */
    repoUrl: string;
    branch: string;
    path: string;
    /** known_hosts lines for the Git host; defaults to GitHub's published keys when the host is github.com. */
    knownHosts?: string;
    /** Image automation writes tags back to the repository: the deploy key must then be read-write. */
    imageAutomationWriteBack: boolean;
    /** owner/name of the config repository on GitHub, for registering the deploy key when a token is set. */
    githubRepository?: string;
}

export interface DockerHubConfig {
    username: string;
    /** Namespaces that get the `docker-hub` pull secret. */
    namespaces: string[];
}

export interface ObservabilityConfig {
    prometheusRetention: string;
    prometheusStorageGb: number;
    grafanaExposed: boolean;
    jaegerExposed: boolean;
}

export interface HydraConfig {
    /** Host label below the domain: issuer is https://<host>.<domain>. */
    host: string;
    loginUrl: string;
    consentUrl: string;
    replicas: number;
}

export interface AppsConfig {
    hydra: HydraConfig;
    toolbox: { enabled: boolean };
}

export interface PlatformSecrets {
    dockerHubToken: pulumi.Output<string>;
    mongoUrl: pulumi.Output<string>;
    mongoOplogUrl: pulumi.Output<string>;
    /** Optional overrides of Hydra's generated secrets; undefined means "generate". */
    hydraSystemSecret?: pulumi.Output<string>;
    hydraCookieSecret?: pulumi.Output<string>;
    hydraPairwiseSalt?: pulumi.Output<string>;
    /** Former system secrets Hydra still decrypts with, newest first, after a rotation (a JSON list in config). */
    hydraRetiredSystemSecrets?: pulumi.Output<string[]>;
    /** GitHub token that lets the program register the Flux deploy key itself. */
    githubToken?: pulumi.Output<string>;
}

/** Everything the layers consume: validated, with tier defaults filled in. */
export interface PlatformConfig {
    project: string;
    stack: string;
    environment: Tier;
    region: string;
    domain: string;
    /** Stateful resources get `protect` and deletion protection. */
    protect: boolean;
    /** Workload replicas for the platform's own services. */
    replicas: number;
    /** Namespace of the environment's own apps (the stack name, as legacy dev/staging). */
    appNamespace: string;
    tags: Record<string, string>;
    network: NetworkConfig;
    cluster: ClusterConfig;
    karpenter: KarpenterConfig;
    access: AccessConfig;
    database: DatabaseConfig;
    kafka: KafkaConfig;
    search: SearchConfig;
    vpn: VpnConfig;
    alarms: AlarmsConfig;
    ingress: IngressConfig;
    dns: DnsConfig;
    gitops: GitOpsConfig;
    dockerHub: DockerHubConfig;
    observability: ObservabilityConfig;
    apps: AppsConfig;
    secrets: PlatformSecrets;
}
