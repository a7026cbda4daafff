/**
 * Karpenter's objects as plain data: the EC2NodeClass, the NodePool, its disruption budgets and the chart values.
 * Validated against the CRDs of the vendored karpenter-crd chart (test/charts-validate.test.ts).
 */
import { DAY_NAMES, type OfficeHours, expandDays, parseClock } from "../../stacks/schedule";
import type { KarpenterConfig } from "../../stacks/types";

/**
 * The AL2023 EKS AMI release the nodes boot, pinned (awslabs/amazon-eks-ami v20260714: Kubernetes 1.33-1.35 on AL2023
 * 2023.12.20260710). An alias with a version rather than @latest: a new AMI is a reviewed one-line change that drifts
 * the nodes, one budget at a time, instead of arriving unannounced.
 */
export const AMI_ALIAS = "al2023@v20260714";
export const NODE_CLASS_NAME = "default";
export const NODE_POOL_NAME = "general";
/** Tag on the private subnets and the cluster security group that the EC2NodeClass selects. */
export const DISCOVERY_TAG = "karpenter.sh/discovery";
/** Root volume of Karpenter's nodes: images and emptyDirs; pods' data lives on EBS volumes of their own. */
export const ROOT_VOLUME_GI = 30;
/** Outside business hours (and always in dev) Karpenter's default: a tenth of the nodes at a time. */
export const DEFAULT_BUDGET = "10%";

export interface NodeClassArgs {
    clusterName: string;
    /** Name (not ARN) of the node role; Karpenter makes and deletes the instance profile. */
    nodeRoleName: string;
    tags?: Record<string, string>;
}

export function nodeClassSpec(a: NodeClassArgs): Record<string, any> {
    const selector = [{ tags: { [DISCOVERY_TAG]: a.clusterName } }];
    return {
        role: a.nodeRoleName,
        amiSelectorTerms: [{ alias: AMI_ALIAS }],
        subnetSelectorTerms: selector,
        securityGroupSelectorTerms: selector,
        // Private subnets never map public IPs; saying so keeps a wrong selector from ever giving a node one (N2).
        associatePublicIPAddress: false,
        // IMDSv2 only, hop limit 1: pods off the host network cannot reach the node role (E6), as on the managed nodes.
        metadataOptions: { httpEndpoint: "enabled", httpProtocolIPv6: "disabled", httpPutResponseHopLimit: 1, httpTokens: "required" },
        blockDeviceMappings: [
            {
                deviceName: "/dev/xvda",
                ebs: { volumeSize: `${ROOT_VOLUME_GI}Gi`, volumeType: "gp3", encrypted: true, deleteOnTermination: true },
            },
        ],
        ...(a.tags && Object.keys(a.tags).length > 0 ? { tags: a.tags } : {}),
    };
}

/** Offsets (minutes east of UTC) a zone takes over a year: one, or two with daylight saving time. */
function offsets(timezone: string): number[] {
    return [0, 6].map((month) => {
        const at = new Date(Date.UTC(2026, month, 15, 12));
        const local = new Date(at.toLocaleString("en-US", { timeZone: timezone }));
        const utc = new Date(at.toLocaleString("en-US", { timeZone: "UTC" }));
        return Math.round((local.getTime() - utc.getTime()) / 60000);
    });
}

/**
 * Office hours as a Karpenter budget window. Budget schedules are UTC only (the CRD: "Timezones are not supported"), so
 * the window is widened to cover the zone's winter and summer offsets: it starts at the earlier UTC start and lasts to
 * the later UTC end, and is never shorter than the office day.
 */
export function businessHoursWindow(hours: OfficeHours): { schedule: string; duration: string } {
    const [a, b] = offsets(hours.timezone);
    const start = parseClock(hours.start)! - Math.max(a, b);
    const end = parseClock(hours.end)! - Math.min(a, b);
    const shift = Math.floor(start / 1440);
    const startUtc = start - shift * 1440;
    const days = (expandDays(hours.days) as number[]).map((d) => (d + shift + 7) % 7).sort((x, y) => x - y);
    const minutes = end - start;
    const duration = `${Math.floor(minutes / 60)}h${minutes % 60 ? `${minutes % 60}m` : ""}`;
    return { schedule: `${startUtc % 60} ${Math.floor(startUtc / 60)} * * ${days.join(",")}`, duration };
}

/** At most `businessHoursDisruptedNodes` nodes at a time in office hours, 10% otherwise (the most restrictive wins). */
export function disruptionBudgets(k: Pick<KarpenterConfig, "businessHoursDisruptedNodes" | "officeHours">): Record<string, string>[] {
    if (k.businessHoursDisruptedNodes === undefined) return [{ nodes: DEFAULT_BUDGET }];
    return [{ nodes: String(k.businessHoursDisruptedNodes), ...businessHoursWindow(k.officeHours) }, { nodes: DEFAULT_BUDGET }];
}

/** The NodePool's limits: what it may hold at once, and so the cost ceiling. */
export function nodePoolLimits(k: Pick<KarpenterConfig, "cpuLimit" | "memoryLimitGi">): { cpu: string; memory: string } {
    return { cpu: String(k.cpuLimit), memory: `${k.memoryLimitGi}Gi` };
}

/** Asleep: nothing may be launched. */
export const ASLEEP_LIMITS = { cpu: "0", memory: "0" };

export function nodePoolSpec(k: KarpenterConfig): Record<string, any> {
    const requirements: Record<string, any>[] = [
        { key: "karpenter.sh/capacity-type", operator: "In", values: [...k.capacityTypes] },
        { key: "kubernetes.io/arch", operator: "In", values: [...k.architectures] },
        { key: "kubernetes.io/os", operator: "In", values: ["linux"] },
        // At least 2 vCPUs: the VPC CNI gives a small instance too few pod IPs for the DaemonSets plus a workload.
        { key: "karpenter.k8s.aws/instance-cpu", operator: "Gt", values: ["1"] },
        ...(k.instanceCategories.length > 0
            ? [{ key: "karpenter.k8s.aws/instance-category", operator: "In", values: [...k.instanceCategories] }]
            : []),
        ...(k.instanceFamilies.length > 0
            ? [{ key: "karpenter.k8s.aws/instance-family", operator: "In", values: [...k.instanceFamilies] }]
            : []),
    ];
    return {
        template: {
            metadata: { labels: { "platform/capacity": "karpenter" } },
            spec: {
                nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: NODE_CLASS_NAME },
                requirements,
                // Nodes are replaced after 30 days, so a pinned AMI bump or a patched kernel reaches every node.
                expireAfter: "720h",
                // A drain that PDBs block forever would keep a node billing; after an hour its pods are deleted.
                terminationGracePeriod: "1h",
            },
        },
        limits: nodePoolLimits(k),
        disruption: { consolidationPolicy: k.consolidationPolicy, consolidateAfter: k.consolidateAfter, budgets: disruptionBudgets(k) },
    };
}

export interface KarpenterValuesArgs {
    clusterName: string;
    clusterEndpoint: string;
    interruptionQueue: string;
    /** 1 in dev, 2 elsewhere (the chart spreads replicas over nodes: at most the system group's size). */
    replicas: number;
    serviceAccount: string;
}

/** Values of the karpenter chart (1.14.1). */
export function karpenterValues(a: KarpenterValuesArgs): Record<string, any> {
    return {
        replicas: a.replicas,
        serviceAccount: { name: a.serviceAccount },
        settings: { clusterName: a.clusterName, clusterEndpoint: a.clusterEndpoint, interruptionQueue: a.interruptionQueue },
        // Upstream's sizing guidance for a small cluster; limits too (K3).
        controller: { resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "1", memory: "1Gi" } } },
    };
}

/** Cron (minute hour * * days) for a Kubernetes CronJob at `time` on office days; days as numbers (0 = SUN). */
export function cronJobSchedule(time: string, days: string): string {
    const [h, m] = time.split(":").map(Number);
    return `${m} ${h} * * ${(expandDays(days) as number[]).join(",")}`;
}

export { DAY_NAMES };
