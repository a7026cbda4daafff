import { Cidr, alignedCidr, contains, formatCidr, overlaps, parseCidr, subnet } from "./cidr";
import { problem } from "./messages";

/** Parses a CIDR and reports malformed or misaligned blocks with the fix; undefined when it is unusable. */
export function checkCidr(key: string, value: string, problems: string[], range?: { min: number; max: number; why: string; example?: string }): Cidr | undefined {
    const parsed = parseCidr(value);
    if (parsed === "malformed") {
        problems.push(problem(key, value, `is not a valid IPv4 CIDR. Use a block such as ${range?.example ?? "10.20.0.0/16"}${range ? ` (${range.why})` : ""}.`));
        return undefined;
    }
    if (parsed === "misaligned") {
        problems.push(problem(key, value, `has host bits set, so AWS rejects it. Use ${alignedCidr(value)}.`));
        return undefined;
    }
    if (range && (parsed.prefix < range.min || parsed.prefix > range.max)) {
        problems.push(problem(key, value, `is a /${parsed.prefix}; ${range.why}. Use a block from /${range.min} to /${range.max}.`));
        return undefined;
    }
    return parsed;
}

/**
 * Default subnet plan: the VPC split in quarters, one private quarter per AZ (pods take VPC IPs with the VPC CNI,
 * so private subnets get the room), the last quarter split again for the small public subnets.
 */
export function planSubnets(vpc: Cidr, azCount: number): { privateSubnets: string[]; publicSubnets: string[] } {
    const publicQuarter = subnet(vpc, 2, 3);
    return {
        privateSubnets: Array.from({ length: azCount }, (_, i) => formatCidr(subnet(vpc, 2, i))),
        publicSubnets: Array.from({ length: azCount }, (_, i) => formatCidr(subnet(publicQuarter, 2, i))),
    };
}

/** Explicit subnets: one per AZ, valid, inside the VPC, none overlapping another. */
export function checkSubnets(vpc: Cidr, azCount: number, lists: { key: string; cidrs: string[] }[], problems: string[]): void {
    const seen: { key: string; text: string; cidr: Cidr }[] = [];
    for (const { key, cidrs } of lists) {
        if (cidrs.length !== azCount) {
            problems.push(problem(key, cidrs, `has ${cidrs.length} subnets for ${azCount} AZs. List exactly one subnet per AZ.`));
        }
        cidrs.forEach((text, i) => {
            const k = `${key}[${i}]`;
            const cidr = checkCidr(k, text, problems);
            if (!cidr) return;
            if (!contains(vpc, cidr)) {
                problems.push(problem(k, text, `is outside the VPC ${formatCidr(vpc)}. Use a block inside platform:network.cidr.`));
                return;
            }
            const clash = seen.find((s) => overlaps(s.cidr, cidr));
            if (clash) problems.push(problem(k, text, `overlaps ${clash.key} (${clash.text}). Give each subnet its own block.`));
            seen.push({ key: k, text, cidr });
        });
    }
}
