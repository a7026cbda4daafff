import type { Cidr } from "./cidr";
import { type Problem, problem } from "./messages";
import { checkCidr, checkSubnets, planSubnets } from "./network";
import { NS } from "./parse";
import { DAEMONSET_PODS_PER_NODE, MAX_PODS, SYSTEM_PODS, architectureOf, x86Equivalent } from "./aws/instances";
import { SEARCH_MAX_VOLUME_GB } from "./aws/data-stores";
import { logRetentionDays, postgresVersion } from "./predicates";
import type { RawLayers } from "./schema";
import type { TierDefaults } from "./tiers";
import { zoneIdPrefix, zoneIdProblem } from "./zones";
import type { NodeGroupConfig, PlatformConfig, Tier } from "./types";
import type { OfficeHours } from "./schedule";
import { checkUnique } from "./rules";

/** What every layer's resolver reads: the raw layers, the tier's defaults, and where to report problems. */
export interface LayerContext {
    raw: RawLayers;
    tier: Tier;
    defaults: TierDefaults;
    region?: string;
    /** The domain, or an example when it is missing (its own problem is reported elsewhere). */
    domain: string;
    stack: string;
    appNamespace: string;
    problems: Problem[];
}

/** Namespaces the platform always creates besides the environment's own, and the toolbox's: the names tenancy uses. */
export { PLATFORM_NAMESPACE_NAMES, TOOLBOX_NAMESPACE } from "../components/platform-names";
/** Namespaces Kubernetes itself owns: no environment may be named after them. */
export const SYSTEM_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"];

export function resolveNetwork(ctx: LayerContext): { network: PlatformConfig["network"]; vpc?: Cidr } {
    const { raw, defaults, region, problems } = ctx;
    const n = raw.network ?? {};
    const availabilityZones = n.availabilityZones;
    const availabilityZoneIds = n.availabilityZoneIds;
    const pinned = availabilityZoneIds ?? availabilityZones;
    const azCount = n.azCount ?? pinned?.length ?? defaults.network.azCount;
    // Report under the key the user set: azCount, or the list when the count comes from it.
    const fromList = n.azCount === undefined && pinned !== undefined;
    const listKey = `${NS}:network.${availabilityZoneIds ? "availabilityZoneIds" : "availabilityZones"}`;
    const azKey = fromList ? listKey : `${NS}:network.azCount`;
    if (azCount < 2) {
        problems.push(
            problem(
                azKey,
                fromList ? pinned : azCount,
                "is fewer than 2 AZs. Use 2 or more: EKS, the ALB and Multi-AZ RDS need subnets in at least two AZs.",
                fromList ? { key: azKey, remove: true } : { key: azKey, value: 2 },
            ),
        );
    }
    if (availabilityZones && availabilityZoneIds) {
        problems.push(
            problem(
                `${NS}:network.availabilityZoneIds`,
                availabilityZoneIds,
                `and ${NS}:network.availabilityZones both pin the zones. Keep one: the IDs, unless the stack's subnets were created from the names.`,
                { key: `${NS}:network.availabilityZones`, remove: true },
            ),
        );
    } else if (availabilityZoneIds) {
        if (n.azCount !== undefined && availabilityZoneIds.length !== n.azCount) {
            problems.push(
                problem(
                    `${NS}:network.availabilityZoneIds`,
                    availabilityZoneIds,
                    `lists ${availabilityZoneIds.length} AZs but ${NS}:network.azCount is ${n.azCount}. Make them agree, or drop azCount.`,
                    { key: `${NS}:network.azCount`, remove: true },
                ),
            );
        }
        availabilityZoneIds.forEach((id, i) => {
            const what = zoneIdProblem(id, region);
            const key = `${NS}:network.availabilityZoneIds[${i}]`;
            if (what)
                problems.push(
                    problem(key, id, what, {
                        key,
                        value: spareZone(availabilityZoneIds, `${zoneIdPrefix(region ?? "us-east-1") ?? "use1"}-az`),
                    }),
                );
        });
        checkZonesUnique(
            `${NS}:network.availabilityZoneIds`,
            availabilityZoneIds,
            `${zoneIdPrefix(region ?? "us-east-1") ?? "use1"}-az`,
            problems,
        );
    }
    if (availabilityZones) {
        if (n.azCount !== undefined && availabilityZones.length !== n.azCount) {
            problems.push(
                problem(
                    `${NS}:network.availabilityZones`,
                    availabilityZones,
                    `lists ${availabilityZones.length} AZs but ${NS}:network.azCount is ${n.azCount}. Make them agree, or drop azCount.`,
                    { key: `${NS}:network.azCount`, remove: true },
                ),
            );
        }
        availabilityZones.forEach((az, i) => {
            const key = `${NS}:network.availabilityZones[${i}]`;
            // A zone name is the region and one letter; local and wavelength zones (us-east-1-bos-1a) cannot hold EKS subnets.
            if (region && !new RegExp(`^${region}[a-z]$`).test(az)) {
                problems.push(
                    problem(key, az, `is not an AZ of ${region}. Use a zone such as ${region}a.`, {
                        key,
                        value: spareZone(availabilityZones, region),
                    }),
                );
            }
        });
        checkZonesUnique(`${NS}:network.availabilityZones`, availabilityZones, region ?? "us-east-1", problems);
    }
    const cidr = n.cidr ?? defaults.network.cidr;
    const vpc = checkCidr(`${NS}:network.cidr`, cidr, problems, { min: 16, max: 28, why: "VPC size must be /16 to /28", suggestMax: 24 });
    let publicSubnetCidrs = n.publicSubnetCidrs ?? [];
    let privateSubnetCidrs = n.privateSubnetCidrs ?? [];
    if (vpc) {
        if (n.publicSubnetCidrs || n.privateSubnetCidrs) {
            checkSubnets(
                vpc,
                azCount,
                [
                    { key: `${NS}:network.publicSubnetCidrs`, cidrs: publicSubnetCidrs },
                    { key: `${NS}:network.privateSubnetCidrs`, cidrs: privateSubnetCidrs },
                ],
                problems,
            );
        } else if (vpc.prefix > 24) {
            problems.push(
                problem(
                    `${NS}:network.cidr`,
                    cidr,
                    "is too small to carve subnets from automatically. Use a /24 or larger, or list publicSubnetCidrs and privateSubnetCidrs.",
                    { key: `${NS}:network.cidr`, value: defaults.network.cidr },
                ),
            );
        } else if (azCount >= 2 && azCount <= 3) {
            ({ publicSubnets: publicSubnetCidrs, privateSubnets: privateSubnetCidrs } = planSubnets(vpc, azCount));
        }
    }
    return {
        vpc,
        network: {
            cidr,
            azCount,
            availabilityZones,
            availabilityZoneIds,
            publicSubnetCidrs,
            privateSubnetCidrs,
            natGateways: n.natGateways ?? defaults.network.natGateways,
            flowLogRetentionDays: retention(
                `${NS}:network.flowLogRetentionDays`,
                n.flowLogRetentionDays ?? defaults.network.flowLogRetentionDays,
                problems,
            ),
        },
    };
}

export function resolveCluster(
    ctx: LayerContext,
    supportedVersions: string[],
    nodeArchitecture: "x86_64" | "arm64",
): PlatformConfig["cluster"] {
    const { raw, defaults, tier, problems } = ctx;
    const c = raw.cluster ?? {};
    const version = c.version ?? defaults.cluster.version;
    if (!supportedVersions.includes(version)) {
        problems.push(
            problem(
                `${NS}:cluster.version`,
                version,
                `has no pinned add-on versions (components/cluster/addons.ts). Use ${supportedVersions.join(" or ")}, or add a row for ${version} there first.`,
                { key: `${NS}:cluster.version`, value: supportedVersions[supportedVersions.length - 1] },
            ),
        );
    }
    const nodeGroups = c.nodeGroups ?? defaults.cluster.nodeGroups;
    nodeGroups.forEach((g, i) => {
        const key = `${NS}:cluster.nodeGroups[${i}]`;
        if (!(g.minSize <= g.desiredSize && g.desiredSize <= g.maxSize)) {
            const desired = Math.min(Math.max(g.desiredSize, g.minSize), Math.max(g.maxSize, g.minSize));
            problems.push(
                problem(
                    key,
                    { minSize: g.minSize, desiredSize: g.desiredSize, maxSize: g.maxSize },
                    "must satisfy minSize <= desiredSize <= maxSize. Adjust the three sizes.",
                    [
                        { key: `${key}.desiredSize`, value: desired },
                        { key: `${key}.maxSize`, value: Math.max(g.maxSize, g.minSize) },
                    ],
                ),
            );
        }
        checkInstanceTypes(key, g, nodeArchitecture, problems);
    });
    checkCapacity(nodeGroups, problems);
    const duplicate = nodeGroups.map((g) => g.name).find((name, i, all) => all.indexOf(name) !== i);
    if (duplicate) {
        const i = nodeGroups.map((g) => g.name).lastIndexOf(duplicate);
        problems.push(
            problem(`${NS}:cluster.nodeGroups`, duplicate, "is used by two node groups. Give each group its own name.", {
                key: `${NS}:cluster.nodeGroups[${i}].name`,
                value: `${duplicate}-${i}`,
            }),
        );
    }
    const publicAccessCidrs = c.publicAccessCidrs ?? defaults.cluster.publicAccessCidrs;
    publicAccessCidrs.forEach((cidr, i) => {
        checkCidr(`${NS}:cluster.publicAccessCidrs[${i}]`, cidr, problems);
    });
    if (tier === "prod") checkProdEndpoint(publicAccessCidrs, problems);
    const logRetentionDays = retention(`${NS}:cluster.logRetentionDays`, c.logRetentionDays ?? defaults.cluster.logRetentionDays, problems);
    return {
        version,
        publicAccessCidrs,
        logRetentionDays,
        containerInsights: c.containerInsights ?? defaults.cluster.containerInsights,
        nodeGroups,
    };
}

/**
 * prod's API endpoint is public only to the deployers. A private-only endpoint cannot be deployed: the VPN that would
 * reach it is created by the same stack, after the cluster, and CI runners are never on it.
 */
function checkProdEndpoint(cidrs: string[], problems: Problem[]): void {
    const key = `${NS}:cluster.publicAccessCidrs`;
    if (cidrs.length === 0) {
        problems.push(
            problem(
                key,
                cidrs,
                "is empty, but prod needs the deployers' CIDRs: with a private endpoint neither the first `pulumi up` " +
                    "(the VPN comes from the same stack) nor CI can reach the Kubernetes API. List the egress CIDRs of the CI runners and the " +
                    `operators: pulumi config set --path '${key}[0]' 203.0.113.0/24`,
                { key, value: ["203.0.113.0/24"] },
            ),
        );
    }
    cidrs.forEach((cidr, i) => {
        if (/\/0$/.test(cidr)) {
            problems.push(
                problem(
                    `${key}[${i}]`,
                    cidr,
                    "opens prod's Kubernetes API to the whole internet. List only the deployers' egress CIDRs (CI runners, office), such as 203.0.113.0/24.",
                    { key: `${key}[${i}]`, value: "203.0.113.0/24" },
                ),
            );
        }
    });
}

/** Karpenter's NodePool settings; the window is the VPN's office hours (`vpn.officeHours`, checked by resolveVpn). */
export function resolveKarpenter(ctx: LayerContext, officeHours: OfficeHours): PlatformConfig["karpenter"] {
    const { raw, defaults, problems } = ctx;
    const k = { ...defaults.karpenter, ...raw.karpenter, officeHours };
    if (k.instanceCategories.length === 0 && k.instanceFamilies.length === 0) {
        const key = `${NS}:karpenter.instanceCategories`;
        problems.push(
            problem(
                key,
                k.instanceCategories,
                "is empty and so is karpenter.instanceFamilies. List categories such as [c, m, r], or families such as [m7i].",
                { key, value: ["c", "m", "r"] },
            ),
        );
    }
    checkUnique(`${NS}:karpenter.capacityTypes`, k.capacityTypes, problems);
    checkUnique(`${NS}:karpenter.instanceFamilies`, k.instanceFamilies, problems);
    if (ctx.tier !== "dev" && k.sleepOutOfHours) {
        const key = `${NS}:karpenter.sleepOutOfHours`;
        problems.push(
            problem(
                key,
                true,
                `stops every workload outside office hours, which a ${ctx.tier} stack must not do. Set it to false, or use a dev-tier stack.`,
                { key, value: false },
            ),
        );
    }
    return k;
}

export function resolveDataStores(ctx: LayerContext, azCount: number): Pick<PlatformConfig, "database" | "kafka" | "search"> {
    const { raw, defaults, problems } = ctx;
    const database = { ...defaults.database, ...raw.database };
    if (database.maxAllocatedStorageGb < database.allocatedStorageGb) {
        problems.push(
            problem(
                `${NS}:database.maxAllocatedStorageGb`,
                database.maxAllocatedStorageGb,
                `is below allocatedStorageGb (${database.allocatedStorageGb}). Use a ceiling at least as large as the allocation.`,
                { key: `${NS}:database.maxAllocatedStorageGb`, value: database.allocatedStorageGb },
            ),
        );
    }
    const pg = postgresVersion(database.engineVersion);
    if (pg)
        problems.push(
            problem(`${NS}:database.engineVersion`, database.engineVersion, pg.what, {
                key: `${NS}:database.engineVersion`,
                value: pg.use,
            }),
        );
    const { brokersPerAz, ...kafkaDefaults } = defaults.kafka;
    const kafka = { ...kafkaDefaults, brokerCount: brokersPerAz * azCount, ...raw.kafka };
    // With no AZ at all (availabilityZones: []) only the AZ problem is reported: these checks would say "Use NaN".
    if (azCount > 0 && kafka.brokerCount % azCount !== 0) {
        const use = azCount * Math.max(1, Math.round(kafka.brokerCount / azCount));
        problems.push(
            problem(
                `${NS}:kafka.brokerCount`,
                kafka.brokerCount,
                `is not a multiple of the AZ count (${azCount}); MSK spreads brokers evenly over the AZs. Use ${use}.`,
                { key: `${NS}:kafka.brokerCount`, value: use },
            ),
        );
    }
    // The default node count is the tier's, rounded up to a multiple of the zone count actually used, so changing only
    // azCount or zoneCount never fails on a value the stack did not set.
    const zoneCount = raw.search?.zoneCount ?? Math.max(1, Math.min(defaults.search.zoneCount, azCount));
    const search = {
        ...defaults.search,
        zoneCount,
        instanceCount: Math.ceil(defaults.search.instanceCount / zoneCount) * zoneCount,
        ...raw.search,
    };
    if (azCount > 0 && search.zoneCount > azCount) {
        problems.push(
            problem(`${NS}:search.zoneCount`, search.zoneCount, `is more than the VPC's ${azCount} AZs. Use at most ${azCount}.`, [
                { key: `${NS}:search.zoneCount`, value: azCount },
                { key: `${NS}:search.instanceCount`, value: azCount * Math.max(1, Math.round(search.instanceCount / azCount)) },
            ]),
        );
    } else if (search.instanceCount % search.zoneCount !== 0) {
        const use = search.zoneCount * Math.max(1, Math.round(search.instanceCount / search.zoneCount));
        problems.push(
            problem(
                `${NS}:search.instanceCount`,
                search.instanceCount,
                `is not a multiple of the zone count (${search.zoneCount}); OpenSearch needs the same number of nodes in each zone. Use ${use}.`,
                { key: `${NS}:search.instanceCount`, value: use },
            ),
        );
    }
    checkSearchVolume(search.instanceType, search.volumeSizeGb, problems);
    return { database, kafka, search };
}

/** A zone not in `taken`: the fix for a bad or repeated entry (`<region>a`.., or `<prefix>1`..). */
function spareZone(taken: string[], stem: string): string {
    const suffixes = stem.endsWith("-az") ? ["1", "2", "4", "5", "6"] : ["a", "b", "c", "d", "e", "f"];
    return suffixes.map((s) => `${stem}${s}`).find((z) => !taken.includes(z)) ?? `${stem}${suffixes[0]}`;
}

function retention(key: string, days: number, problems: Problem[]): number {
    const v = logRetentionDays(days);
    if (v) problems.push(problem(key, days, v.what, { key, value: v.use }));
    return days;
}

/** Every type must exist (MAX_PODS lists it) and match the node AMI's architecture. */
function checkInstanceTypes(key: string, g: NodeGroupConfig, arch: "x86_64" | "arm64", problems: Problem[]): void {
    g.instanceTypes.forEach((type, j) => {
        const k = `${key}.instanceTypes[${j}]`;
        if (MAX_PODS[type] === undefined) {
            problems.push(
                problem(
                    k,
                    type,
                    "is not an EC2 instance type this program knows (stacks/aws/instances.ts lists them). Use a type such as m6i.large, or add its row there.",
                    { key: k, value: "m6i.large" },
                ),
            );
        } else if (architectureOf(type) !== arch) {
            const use = arch === "x86_64" ? x86Equivalent(type) : "m7g.large";
            problems.push(
                problem(
                    k,
                    type,
                    `is an ${architectureOf(type)} type, but the nodes run an ${arch} AMI (components/cluster/nodes.ts). Use ${use}.`,
                    { key: k, value: use },
                ),
            );
        }
    });
}

/**
 * The system pods must fit on the node groups' minimum size: each node runs DAEMONSET_PODS_PER_NODE DaemonSet pods,
 * and what is left of its max pods (its smallest type, the VPC CNI's limit) must hold SYSTEM_PODS in total.
 */
function checkCapacity(groups: NodeGroupConfig[], problems: Problem[]): void {
    const known = groups.filter((g) => g.instanceTypes.every((t) => MAX_PODS[t] !== undefined));
    if (known.length !== groups.length || groups.length === 0) return;
    const room = (g: NodeGroupConfig) => Math.min(...g.instanceTypes.map((t) => MAX_PODS[t])) - DAEMONSET_PODS_PER_NODE;
    const slots = groups.reduce((sum, g) => sum + Math.max(0, room(g)) * g.minSize, 0);
    if (slots >= SYSTEM_PODS) return;
    const first = groups[0];
    const key = `${NS}:cluster.nodeGroups[0]`;
    const others = slots - Math.max(0, room(first)) * first.minSize;
    const perNode = Math.max(1, room(first));
    const minSize = Math.ceil((SYSTEM_PODS - others) / perNode);
    const fix =
        perNode > 1 && minSize <= 100
            ? [
                  { key: `${key}.minSize`, value: minSize },
                  { key: `${key}.desiredSize`, value: Math.max(first.desiredSize, minSize) },
                  { key: `${key}.maxSize`, value: Math.max(first.maxSize, minSize) },
              ]
            : [{ key: `${key}.instanceTypes`, value: ["m6i.large"] }];
    problems.push(
        problem(
            `${NS}:cluster.nodeGroups`,
            groups.map((g) => ({ instanceTypes: g.instanceTypes, minSize: g.minSize })),
            `can hold ${slots} pods at minimum size, fewer than the ${SYSTEM_PODS} system pods (Karpenter, CoreDNS, add-on controllers) the system group must hold (each node: its smallest type's max pods minus ${DAEMONSET_PODS_PER_NODE} DaemonSet pods). ` +
                (fix.length > 1
                    ? `Raise nodeGroups[0].minSize to ${minSize}, or use larger instance types.`
                    : "Use larger instance types, such as m6i.large."),
            fix,
        ),
    );
}

/** OpenSearch caps each data node's EBS volume by instance type. */
function checkSearchVolume(type: string, gb: number, problems: Problem[]): void {
    const max = SEARCH_MAX_VOLUME_GB[type];
    const key = `${NS}:search.instanceType`;
    if (max === undefined) {
        problems.push(
            problem(
                key,
                type,
                `has no EBS volume limit in stacks/aws/data-stores.ts. Use a listed type such as m6g.large.search, or add its row there.`,
                { key, value: "m6g.large.search" },
            ),
        );
    } else if (gb > max) {
        problems.push(
            problem(
                `${NS}:search.volumeSizeGb`,
                gb,
                `is above the ${max} GiB a ${type} data node takes. Use at most ${max}, or a larger instance type.`,
                { key: `${NS}:search.volumeSizeGb`, value: max },
            ),
        );
    }
}

/** A zone listed twice: the fix is another zone, since removing one would leave too few. */
function checkZonesUnique(key: string, zones: string[], stem: string, problems: Problem[]): void {
    zones.forEach((zone, i) => {
        if (zones.indexOf(zone) !== i)
            problems.push(
                problem(`${key}[${i}]`, zone, "is listed twice. List each zone once.", {
                    key: `${key}[${i}]`,
                    value: spareZone(zones, stem),
                }),
            );
    });
}
