import { type Defaults, LAYERS, SCALARS, TIERS, TIER_TABLE, type Tier, defaultsOf } from "./keys";
import type { NodeGroupConfig } from "./types";

/**
 * Per-tier defaults, derived from the key registry (stacks/keys/): dev keeps every capability on at the lowest price
 * (spot nodes, one NAT, single-node OpenSearch, the smallest MSK brokers, a micro RDS, the VPN associated in office
 * hours); staging and prod are highly available and protected. Every value can be overridden by the stack's config.
 */
type L = typeof LAYERS;
type D<K extends keyof L> = Defaults<L[K]["fields"]>;

export interface TierDefaults {
    protect: boolean;
    replicas: number;
    network: D<"network">;
    /** `nodeGroup`: the system group of `nodeGroups`' default, without its name (the cost model sizes it). */
    cluster: D<"cluster"> & { nodeGroup: Omit<NodeGroupConfig, "name"> };
    karpenter: D<"karpenter">;
    access: D<"access">;
    database: D<"database">;
    /** `brokersPerAz`: kafka.brokerCount's default is this times the AZ count. */
    kafka: D<"kafka"> & { brokersPerAz: number };
    search: D<"search">;
    vpn: D<"vpn">;
    alarms: D<"alarms">;
    ingress: D<"ingress">;
    dns: D<"dns">;
    gitops: D<"gitops">;
    observability: D<"observability">;
    apps: D<"apps">;
    /** apps.toolbox.enabled's default. */
    toolbox: boolean;
}

export { DEFAULT_KUBERNETES_VERSION } from "./keys";

function tierDefaults(tier: Tier): TierDefaults {
    const of = <K extends keyof L>(k: K) => defaultsOf(LAYERS[k].fields as L[K]["fields"], tier) as D<K>;
    const cluster = of("cluster");
    const { name: _name, ...nodeGroup } = cluster.nodeGroups[0];
    const apps = of("apps");
    return {
        protect: SCALARS.protect.default[tier],
        replicas: TIER_TABLE.replicas[tier],
        network: of("network"),
        cluster: { ...cluster, nodeGroup },
        karpenter: of("karpenter"),
        access: of("access"),
        database: of("database"),
        kafka: { ...of("kafka"), brokersPerAz: TIER_TABLE.brokersPerAz[tier] },
        search: of("search"),
        vpn: of("vpn"),
        alarms: of("alarms"),
        ingress: of("ingress"),
        dns: of("dns"),
        gitops: of("gitops"),
        observability: of("observability"),
        apps,
        toolbox: apps.toolbox.enabled,
    };
}

export const TIER_DEFAULTS = Object.fromEntries(TIERS.map((t) => [t, tierDefaults(t)])) as Record<Tier, TierDefaults>;
