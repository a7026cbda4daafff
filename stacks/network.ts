import { type Cidr, alignedCidr, contains, formatCidr, mask, overlaps, parseCidr, subnet } from "./cidr";
import { type Problem, problem } from "./messages";

/** Parses a CIDR and reports malformed or misaligned blocks with the fix; undefined when it is unusable. */
export function checkCidr(
    key: string,
    value: string,
    problems: Problem[],
    range?: { min: number; max: number; why: string; example?: string; suggestMax?: number },
): Cidr | undefined {
    const parsed = parseCidr(value);
    if (parsed === "malformed") {
        const example = range?.example ?? "10.20.0.0/16";
        problems.push(
            problem(key, value, `is not a valid IPv4 CIDR. Use a block such as ${example}${range ? ` (${range.why})` : ""}.`, {
                key,
                value: example,
            }),
        );
        return undefined;
    }
    if (parsed === "misaligned") {
        problems.push(
            problem(key, value, `has host bits set, so AWS rejects it. Use ${alignedCidr(value)}.`, { key, value: alignedCidr(value) }),
        );
        return undefined;
    }
    if (range && (parsed.prefix < range.min || parsed.prefix > range.max)) {
        const prefix = Math.min(range.suggestMax ?? range.max, Math.max(range.min, parsed.prefix));
        const use = formatCidr({ base: (parsed.base & mask(prefix)) >>> 0, prefix });
        problems.push(
            problem(key, value, `is a /${parsed.prefix}; ${range.why}. Use a block from /${range.min} to /${range.max}, such as ${use}.`, {
                key,
                value: use,
            }),
        );
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
export function checkSubnets(vpc: Cidr, azCount: number, lists: { key: string; cidrs: string[] }[], problems: Problem[]): void {
    const seen: { key: string; text: string; cidr: Cidr }[] = [];
    for (const { key, cidrs } of lists) {
        if (cidrs.length !== azCount) {
            const plan = planSubnets(vpc, azCount);
            const use = key.endsWith("publicSubnetCidrs") ? plan.publicSubnets : plan.privateSubnets;
            problems.push(
                problem(key, cidrs, `has ${cidrs.length} subnets for ${azCount} AZs. List exactly one subnet per AZ.`, { key, value: use }),
            );
        }
        cidrs.forEach((text, i) => {
            const k = `${key}[${i}]`;
            // AWS takes subnets from /16 to /28 (VPC User Guide, "Subnet sizing").
            const cidr = checkCidr(k, text, problems, { min: 16, max: 28, why: "AWS subnets are /16 to /28", example: "10.20.0.0/20" });
            if (!cidr) return;
            if (!contains(vpc, cidr)) {
                problems.push(
                    problem(k, text, `is outside the VPC ${formatCidr(vpc)}. Use a block inside platform:network.cidr.`, {
                        key,
                        value: use(vpc, azCount, key),
                    }),
                );
                return;
            }
            const clash = seen.find((s) => overlaps(s.cidr, cidr));
            if (clash)
                problems.push(
                    problem(
                        k,
                        text,
                        `overlaps ${clash.key} (${clash.text}). Give each subnet its own block.`,
                        lists.map((l) => ({ key: l.key, value: use(vpc, azCount, l.key) })),
                    ),
                );
            seen.push({ key: k, text, cidr });
        });
    }
}

/** The planned subnets for a list key: the fix that always fits the VPC. */
function use(vpc: Cidr, azCount: number, key: string): string[] {
    const plan = planSubnets(vpc, azCount);
    return key.endsWith("publicSubnetCidrs") ? plan.publicSubnets : plan.privateSubnets;
}
