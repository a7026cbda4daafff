import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { LAYERS, Resolved, Tier, nodeGroupSchema } from "./keys";
import type { OfficeHours } from "./schedule";

/**
 * The resolved config of each layer, derived from the key registry (stacks/keys/): the key's description there is its
 * documentation. Keys marked optional there are optional here; every other key is filled by its default.
 */
export { Tier, TIERS } from "./keys";

type L = typeof LAYERS;
type R<K extends keyof L> = Resolved<L[K]["fields"]>;

export type NodeGroupConfig = z.infer<typeof nodeGroupSchema>;
export type NetworkConfig = R<"network">;
export type ClusterConfig = R<"cluster">;
/** Karpenter's NodePool and the dev sleep; `officeHours` is the VPN's window (one office-hours setting). */
export type KarpenterConfig = R<"karpenter"> & { officeHours: OfficeHours };
export type AccessConfig = R<"access">;
export type DatabaseConfig = R<"database">;
export type KafkaConfig = R<"kafka">;
export type SearchConfig = R<"search">;
export type VpnConfig = R<"vpn">;
export type AlarmsConfig = R<"alarms">;
export type IngressConfig = R<"ingress">;
export type DnsConfig = R<"dns">;
export type GitOpsConfig = R<"gitops">;
export type DockerHubConfig = R<"dockerHub">;
export type ObservabilityConfig = R<"observability">;
export type AppsConfig = R<"apps">;
export type HydraConfig = AppsConfig["hydra"];

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
