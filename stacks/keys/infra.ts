import { z } from "zod";
import { TIER_TABLE, byTier, cidrList, derived, flag, group, list, optional, retentionDays, setting, text, wholeNumber } from "./define";

/** The keys of platform:network, platform:cluster, platform:karpenter and platform:access. */

const AZ_LIST_MAX = "lists more than 3 AZs; MSK takes at most 3 client subnets and OpenSearch at most 3 zones. List 2 or 3.";

export const network = group("VPC", {
    cidr: setting(
        text("Use a block such as 10.20.0.0/16."),
        "The VPC's block, /16 to /28; subnets are carved from it unless listed.",
        byTier("10.10.0.0/16", "10.20.0.0/16", "10.30.0.0/16"),
    ),
    azCount: setting(wholeNumber(1, 3), "Number of AZs (2 or 3); equals the pinned list's length when one is given.", byTier(2, 3), {
        derived: "the length of availabilityZoneIds or availabilityZones when one is set",
    }),
    availabilityZones: optional(
        list(text("Use an AZ name such as us-east-1a."), "Use a list such as [us-east-1a, us-east-1b].").max(3, { error: AZ_LIST_MAX }),
        "Explicit AZ names (stacks that pinned names before zone IDs existed); unset: the region's first azCount zones that EKS and MSK accept.",
    ),
    availabilityZoneIds: optional(
        list(text("Use an AZ ID such as use1-az1."), "Use a list such as [use1-az1, use1-az2].").max(3, { error: AZ_LIST_MAX }),
        "Explicit zone IDs (the same physical zones in every account); unset: the region's first azCount zones that EKS and MSK accept.",
    ),
    natGateways: setting(
        z.enum(["single", "perAz"], { error: "is not a NAT layout. Use single (one NAT, cheap) or perAz (one per AZ, highly available)." }),
        "NAT layout: single (one NAT, cheap) or perAz (one per AZ, highly available).",
        byTier<"single" | "perAz">("single", "perAz"),
    ),
    publicSubnetCidrs: derived(cidrList("10.20.192.0/20"), "Public subnet blocks, one per AZ.", "planned from cidr and azCount"),
    privateSubnetCidrs: derived(cidrList("10.20.0.0/18"), "Private subnet blocks, one per AZ.", "planned from cidr and azCount"),
    flowLogRetentionDays: setting(retentionDays(), "Days CloudWatch keeps the VPC flow logs.", TIER_TABLE.logRetentionDays),
});

export const nodeGroupSchema = z.strictObject({
    name: text("Name the group with lower-case letters, digits and dashes, e.g. general.").regex(/^[a-z][a-z0-9-]{0,20}$/, {
        error: "is not a valid node group name. Use 1-21 lower-case letters, digits and dashes, starting with a letter.",
    }),
    instanceTypes: list(text("Use an EC2 instance type such as m6i.large."), "Use a list such as [m6i.large].").min(1, {
        error: "is empty. List at least one instance type, e.g. [m6i.large].",
    }),
    capacityType: z.enum(["SPOT", "ON_DEMAND"], { error: "is not a capacity type. Use SPOT or ON_DEMAND." }),
    minSize: wholeNumber(0, 100),
    desiredSize: wholeNumber(0, 100),
    maxSize: wholeNumber(1, 100),
    diskSizeGb: wholeNumber(20, 1000),
});
type NodeGroup = z.infer<typeof nodeGroupSchema>;

/** EKS version every tier starts on; E4 in policy/ checks it is still in standard support. */
export const DEFAULT_KUBERNETES_VERSION = "1.35";

export const cluster = group("EKS", {
    version: setting(
        text("Use a Kubernetes minor version such as 1.35.").regex(/^1\.\d{2}$/, {
            error: "is not a Kubernetes minor version. Use a version such as 1.35.",
        }),
        "Kubernetes minor version; components/cluster/addons.ts must pin add-on versions for it.",
        byTier(DEFAULT_KUBERNETES_VERSION),
    ),
    // prod's endpoint is public only to the deployers, whose CIDRs no default can know.
    publicAccessCidrs: setting(
        cidrList("203.0.113.0/24"),
        "CIDRs that may reach the public API endpoint (prod: the deployers' egress CIDRs, never /0).",
        byTier(["0.0.0.0/0"], ["0.0.0.0/0"], []),
        { requiredIn: ["prod"] },
    ),
    logRetentionDays: setting(retentionDays(), "Days CloudWatch keeps the control plane's logs.", TIER_TABLE.logRetentionDays),
    // dev: off; its ~614 custom metrics ($184.20/month on two nodes, docs/cost.md) would take dev far over its $350 target.
    containerInsights: setting(
        flag,
        "Install the amazon-cloudwatch-observability add-on (Container Insights metrics for the dashboard's EKS widgets).",
        byTier(false, true),
    ),
    // The system group: Karpenter, CoreDNS and the add-on controllers (tainted CriticalAddonsOnly); workloads get
    // Karpenter's nodes. dev: the same types and capacity type as before, so live stacks only resize it; two types so a
    // spot interruption in one pool rarely leaves it empty. staging/prod: two nodes keep Karpenter's two replicas and
    // CoreDNS apart (E5: at least 2 outside dev).
    nodeGroups: setting(
        list(nodeGroupSchema, "Use a list of node groups.").min(1, { error: "is empty. Declare at least one node group." }),
        "Managed node groups (the system group first): name, instanceTypes, capacityType (SPOT|ON_DEMAND), minSize, desiredSize, maxSize, diskSizeGb.",
        byTier<NodeGroup[]>(
            [
                {
                    name: "general",
                    instanceTypes: ["t3.large", "t3a.large"],
                    capacityType: "SPOT",
                    minSize: 1,
                    desiredSize: 1,
                    maxSize: 2,
                    diskSizeGb: 30,
                },
            ],
            [
                {
                    name: "general",
                    instanceTypes: ["m6i.large"],
                    capacityType: "ON_DEMAND",
                    minSize: 2,
                    desiredSize: 2,
                    maxSize: 3,
                    diskSizeGb: 50,
                },
            ],
        ),
    ),
});

// dev: spot first, any current c/m/r/t type of 2+ vCPUs, a ceiling of 16 vCPU / 64 GiB, asleep outside office hours.
// staging and prod: on-demand only, at most one node disrupted at a time in office hours.
export const karpenter = group("Karpenter's NodePool and dev's sleep (the window is vpn.officeHours)", {
    capacityTypes: setting(
        list(
            z.enum(["spot", "on-demand"], { error: "is not a Karpenter capacity type. Use spot or on-demand." }),
            "Use a list such as [spot, on-demand].",
        ).min(1, { error: "is empty. List spot, on-demand or both." }),
        "What the NodePool may buy: spot, on-demand or both (Karpenter prefers spot when both are allowed).",
        byTier<("spot" | "on-demand")[]>(["spot", "on-demand"], ["on-demand"]),
    ),
    architectures: setting(
        list(z.enum(["amd64", "arm64"], { error: "is not an architecture. Use amd64 or arm64." }), "Use a list such as [amd64].").min(1, {
            error: "is empty. List amd64, arm64 or both.",
        }),
        "CPU architectures of Karpenter's nodes.",
        byTier<("amd64" | "arm64")[]>(["amd64"]),
    ),
    instanceCategories: setting(
        list(
            text("Use an instance category such as m.").regex(/^[a-z]$/, {
                error: "is not an instance category. Use one letter such as c, m, r or t.",
            }),
            "Use a list such as [c, m, r].",
        ),
        "EC2 instance categories (karpenter.k8s.aws/instance-category), such as c, m, r, t.",
        byTier(["c", "m", "r", "t"], ["c", "m", "r"]),
    ),
    instanceFamilies: setting(
        list(
            text("Use an instance family such as m7i.").regex(/^[a-z][a-z0-9-]*\d[a-z0-9-]*$/, {
                error: "is not an instance family. Use a family such as m7i or c6g.",
            }),
            "Use a list such as [m7i, m6i].",
        ),
        "Instance families (karpenter.k8s.aws/instance-family) such as m7i; empty: any family of the categories.",
        byTier<string[]>([]),
    ),
    cpuLimit: setting(
        wholeNumber(1, 10000),
        "NodePool limit on the vCPUs of all its nodes together: the capacity ceiling the cost report prices.",
        byTier(16, 32, 64),
    ),
    memoryLimitGi: setting(wholeNumber(1, 100000), "NodePool limit on the memory of all its nodes together, in GiB.", byTier(64, 128, 256)),
    consolidationPolicy: setting(
        z.enum(["WhenEmpty", "WhenEmptyOrUnderutilized"], {
            error: "is not a consolidation policy. Use WhenEmptyOrUnderutilized (replace underused nodes) or WhenEmpty (only remove empty ones).",
        }),
        "WhenEmptyOrUnderutilized (replace underused nodes) or WhenEmpty (only remove empty ones).",
        byTier<"WhenEmpty" | "WhenEmptyOrUnderutilized">("WhenEmptyOrUnderutilized"),
    ),
    consolidateAfter: setting(
        text("Use a duration such as 1m.").regex(/^(\d+(s|m|h))+$/, {
            error: "is not a Karpenter duration. Use a duration such as 30s, 1m or 1h30m.",
        }),
        "How long a node must be empty or underused before Karpenter removes or replaces it, e.g. 1m.",
        byTier("1m", "5m"),
    ),
    businessHoursDisruptedNodes: optional(
        wholeNumber(1, 100),
        "Nodes Karpenter may disrupt at a time inside office hours (unset: no office-hours budget); outside them, 10%.",
        byTier<number | undefined>(undefined, 1),
    ),
    sleepOutOfHours: setting(
        flag,
        "Outside office hours the NodePool's limits drop to zero and its nodes are deleted; back at the start (dev only).",
        byTier(true, false),
    ),
});

const roleArns = () => list(text("Use an IAM role ARN."), "Use a list of IAM role ARNs.");

export const access = group("Who may use the cluster", {
    adminRoleArns: setting(roleArns(), "IAM role ARNs that get cluster admin (the deployer is always one).", byTier<string[]>([])),
    developerRoleArns: setting(
        roleArns(),
        "IAM role ARNs mapped to the developer group, bound to namespaced Roles only.",
        byTier<string[]>([]),
    ),
    ciDeployRoleArns: setting(
        roleArns(),
        "Roles CI runs `pulumi up` as (vars.AWS_DEPLOY_ROLE_ARN): cluster admin, like adminRoleArns.",
        byTier<string[]>([]),
    ),
    ciPreviewRoleArns: setting(
        roleArns(),
        "Roles CI runs `pulumi preview` as (vars.AWS_PREVIEW_ROLE_ARN): read-only, Secrets included, no write verb.",
        byTier<string[]>([]),
    ),
    developerNamespaces: derived(
        list(text("Use a namespace name."), "Use a list such as [default, dev, monitoring]."),
        "Namespaces where the developer Role and RoleBinding exist.",
        "default, the environment's namespace (the stack name) and monitoring",
    ),
});
