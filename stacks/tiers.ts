import { KarpenterConfig, Tier } from "./types";

/**
 * Per-tier defaults. dev keeps every capability on at the lowest price (spot nodes, one NAT, single-node
 * OpenSearch, the smallest MSK brokers, a micro RDS, the VPN associated in office hours); staging and prod are
 * highly available and protected.
 * Every value here can be overridden by the stack's structured config of the same layer.
 */
export interface TierDefaults {
    protect: boolean;
    replicas: number;
    network: { cidr: string; azCount: number; natGateways: "single" | "perAz"; flowLogRetentionDays: number };
    cluster: {
        version: string;
        logRetentionDays: number;
        /** The amazon-cloudwatch-observability add-on (Container Insights): the dashboard's EKS widgets read its metrics. */
        containerInsights: boolean;
        nodeGroup: { instanceTypes: string[]; capacityType: "SPOT" | "ON_DEMAND"; minSize: number; desiredSize: number; maxSize: number; diskSizeGb: number };
    };
    karpenter: Omit<KarpenterConfig, "officeHours">;
    database: { engineVersion: string; instanceClass: string; allocatedStorageGb: number; maxAllocatedStorageGb: number; multiAz: boolean; backupRetentionDays: number; deletionProtection: boolean };
    kafka: { kafkaVersion: string; brokersPerAz: number; instanceType: string; volumeSizeGb: number };
    search: { engineVersion: string; instanceType: string; instanceCount: number; zoneCount: number; volumeSizeGb: number };
    /** alwaysOn false: associated only in office hours (stacks/schedule.ts), by EventBridge Scheduler. */
    vpn: { enabled: boolean; subnetAssociations: number; alwaysOn: boolean };
    observability: { prometheusRetention: string; prometheusStorageGb: number };
    toolbox: boolean;
}

/** EKS version every tier starts on; E4 in policy/ checks it is still in standard support. */
export const DEFAULT_KUBERNETES_VERSION = "1.35";

const dev: TierDefaults = {
    protect: false,
    replicas: 1,
    network: { cidr: "10.10.0.0/16", azCount: 2, natGateways: "single", flowLogRetentionDays: 7 },
    cluster: {
        version: DEFAULT_KUBERNETES_VERSION,
        logRetentionDays: 7,
        // Off: its ~614 custom metrics ($184.20/month on two nodes, docs/cost.md) would take dev far over its $350 target.
        containerInsights: false,
        // The system group: Karpenter, CoreDNS and the add-on controllers (tainted CriticalAddonsOnly); workloads get
        // Karpenter's nodes. Same types and capacity type as before, so live stacks only resize it. Two node types so a
        // spot interruption in one pool rarely leaves it empty.
        nodeGroup: { instanceTypes: ["t3.large", "t3a.large"], capacityType: "SPOT", minSize: 1, desiredSize: 1, maxSize: 2, diskSizeGb: 30 },
    },
    // Spot first, any current c/m/r/t type of 2+ vCPUs; a ceiling of 16 vCPU / 64 GiB; asleep outside office hours.
    karpenter: {
        capacityTypes: ["spot", "on-demand"], architectures: ["amd64"], instanceCategories: ["c", "m", "r", "t"], instanceFamilies: [],
        cpuLimit: 16, memoryLimitGi: 64, consolidationPolicy: "WhenEmptyOrUnderutilized", consolidateAfter: "1m", sleepOutOfHours: true,
    },
    database: { engineVersion: "17.6", instanceClass: "db.t4g.micro", allocatedStorageGb: 20, maxAllocatedStorageGb: 50, multiAz: false, backupRetentionDays: 7, deletionProtection: false },
    kafka: { kafkaVersion: "3.9.x.kraft", brokersPerAz: 1, instanceType: "kafka.t3.small", volumeSizeGb: 10 },
    search: { engineVersion: "OpenSearch_2.19", instanceType: "t3.small.search", instanceCount: 1, zoneCount: 1, volumeSizeGb: 10 },
    // An association bills $0.10/h whether anyone is connected or not; nights and weekends off save ~$51/month.
    vpn: { enabled: true, subnetAssociations: 1, alwaysOn: false },
    observability: { prometheusRetention: "3d", prometheusStorageGb: 20 },
    toolbox: true,
};

const staging: TierDefaults = {
    protect: true,
    replicas: 2,
    network: { cidr: "10.20.0.0/16", azCount: 3, natGateways: "perAz", flowLogRetentionDays: 30 },
    cluster: {
        version: DEFAULT_KUBERNETES_VERSION,
        logRetentionDays: 30,
        containerInsights: true,
        // The system group: two nodes keep Karpenter's two replicas and CoreDNS apart (E5: at least 2 outside dev).
        nodeGroup: { instanceTypes: ["m6i.large"], capacityType: "ON_DEMAND", minSize: 2, desiredSize: 2, maxSize: 3, diskSizeGb: 50 },
    },
    // On-demand only, like prod; at most one node disrupted at a time in office hours.
    karpenter: {
        capacityTypes: ["on-demand"], architectures: ["amd64"], instanceCategories: ["c", "m", "r"], instanceFamilies: [],
        cpuLimit: 32, memoryLimitGi: 128, consolidationPolicy: "WhenEmptyOrUnderutilized", consolidateAfter: "5m",
        businessHoursDisruptedNodes: 1, sleepOutOfHours: false,
    },
    database: { engineVersion: "17.6", instanceClass: "db.t4g.medium", allocatedStorageGb: 50, maxAllocatedStorageGb: 200, multiAz: true, backupRetentionDays: 14, deletionProtection: true },
    kafka: { kafkaVersion: "3.9.x.kraft", brokersPerAz: 1, instanceType: "kafka.m5.large", volumeSizeGb: 100 },
    search: { engineVersion: "OpenSearch_2.19", instanceType: "m6g.large.search", instanceCount: 3, zoneCount: 3, volumeSizeGb: 50 },
    vpn: { enabled: true, subnetAssociations: 1, alwaysOn: true },
    observability: { prometheusRetention: "15d", prometheusStorageGb: 50 },
    toolbox: false,
};

const prod: TierDefaults = {
    ...staging,
    replicas: 3,
    network: { ...staging.network, cidr: "10.30.0.0/16", flowLogRetentionDays: 90 },
    cluster: { ...staging.cluster, logRetentionDays: 90 },
    karpenter: { ...staging.karpenter, cpuLimit: 64, memoryLimitGi: 256 },
    database: { ...staging.database, backupRetentionDays: 30 },
    observability: { prometheusRetention: "30d", prometheusStorageGb: 100 },
};

export const TIER_DEFAULTS: Record<Tier, TierDefaults> = { dev, staging, prod };
