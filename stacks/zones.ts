/**
 * Availability Zones by zone ID. Zone names (us-east-1a) map to different physical zones in every account; zone IDs
 * (use1-az1) do not, so what a service refuses is stated, and checked, by zone ID.
 */

/**
 * Zone IDs where a service of the platform refuses subnets, checked 2026-12-01. Zone IDs are unique across regions, so
 * the list needs no region key. Sources:
 * - EKS: control-plane subnets in use1-az3, usw1-az2 and cac1-az3 fail with UnsupportedAvailabilityZoneException
 *   (EKS User Guide, "View Amazon EKS networking requirements for VPC and subnets", subnet requirements).
 * - MSK: client subnets cannot be in use1-az3 (AWS::MSK::Cluster BrokerNodeGroupInfo.ClientSubnets).
 * Nodes, the data stores and the control plane share the private subnets, so one refusal excludes the zone.
 */
export const UNUSABLE_ZONE_IDS: Readonly<Record<string, readonly string[]>> = {
    "use1-az3": ["EKS", "MSK"],
    "usw1-az2": ["EKS"],
    "cac1-az3": ["EKS"],
};

const ZONE_ID = /^([a-z]+\d+)-az(\d+)$/;
const DIRECTIONS: Record<string, string> = {
    north: "n",
    south: "s",
    east: "e",
    west: "w",
    central: "c",
    northeast: "ne",
    northwest: "nw",
    southeast: "se",
    southwest: "sw",
};

/** The prefix of a region's zone IDs: us-east-1 gives use1, ap-southeast-2 apse2; undefined for a shape not known. */
export function zoneIdPrefix(region: string): string | undefined {
    const parts = region.split("-");
    const number = parts.pop();
    const [area, ...rest] = parts;
    if (!area || !number || rest.length === 0) return undefined;
    const letters = rest.map((p) => (p === "gov" ? "g" : DIRECTIONS[p]));
    return letters.every((l) => l !== undefined) ? `${area}${letters.join("")}${number}` : undefined;
}

/** The problem with one pinned zone ID, or undefined when it is fine. */
export function zoneIdProblem(zoneId: string, region: string | undefined): string | undefined {
    const m = ZONE_ID.exec(zoneId);
    const prefix = region ? zoneIdPrefix(region) : undefined;
    const example = `${prefix ?? "use1"}-az1`;
    if (!m)
        return `is not an Availability Zone ID. Use an ID such as ${example} (aws ec2 describe-availability-zones --query 'AvailabilityZones[].[ZoneName,ZoneId]').`;
    if (prefix && m[1] !== prefix) return `is not a zone of ${region} (its zone IDs start with ${prefix}-). Use an ID such as ${example}.`;
    const refusedBy = UNUSABLE_ZONE_IDS[zoneId];
    if (refusedBy)
        return `is refused by ${refusedBy.join(" and ")} for the subnets the platform puts there. Use another zone ID of ${region ?? "the region"}.`;
    return undefined;
}

export interface ChosenZones {
    names: string[];
    zoneIds: string[];
}

/**
 * The zones of the VPC, from what getAvailabilityZones returns (names and zone IDs, in the same order):
 * - pinned zone IDs, each mapped to this account's name for it;
 * - otherwise the region's first `count` zones, in the invoke's order (by name), skipping the unusable zone IDs. A stack
 *   created before zones were chosen by ID took the first `count` names; EKS refused it unless none was unusable, so
 *   the same names come out and its subnets stay as they are.
 * Throws with the fix when the account cannot satisfy the request.
 */
export function chooseZones(available: ChosenZones, count: number, pinned?: string[]): ChosenZones {
    const nameOf = new Map(available.zoneIds.map((id, i) => [id, available.names[i]]));
    if (pinned && pinned.length > 0) {
        const unknown = pinned.filter((id) => !nameOf.has(id));
        if (unknown.length > 0) {
            throw new Error(
                `platform:network.availabilityZoneIds: ${JSON.stringify(unknown)} ${unknown.length === 1 ? "is not an available zone" : "are not available zones"} of this account and region. ` +
                    `Use zone IDs from: ${available.zoneIds.join(", ")}.`,
            );
        }
        return { names: pinned.map((id) => nameOf.get(id)!), zoneIds: [...pinned] };
    }
    const usable = available.zoneIds.filter((id) => !UNUSABLE_ZONE_IDS[id]);
    if (usable.length < count) {
        throw new Error(
            `platform:network.azCount: ${count} is more than the ${usable.length} usable zones of this account and region (${usable.join(", ")}). Use at most ${usable.length}.`,
        );
    }
    const zoneIds = usable.slice(0, count);
    return { names: zoneIds.map((id) => nameOf.get(id)!), zoneIds };
}
