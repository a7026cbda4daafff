/** IPv4 CIDR arithmetic for config validation and subnet planning. No dependency: the needs are small and exact. */

export interface Cidr {
    /** Network address as an unsigned 32-bit integer. */
    base: number;
    prefix: number;
}

export type CidrProblem = "malformed" | "misaligned";

const CIDR_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses "a.b.c.d/n"; a block with host bits set is "misaligned" (AWS rejects it). */
export function parseCidr(text: string): Cidr | CidrProblem {
    const m = CIDR_RE.exec(text);
    if (!m) return "malformed";
    const octets = m.slice(1, 5).map(Number);
    const prefix = Number(m[5]);
    if (octets.some((o) => o > 255) || prefix > 32) return "malformed";
    const addr = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
    if ((addr & mask(prefix)) >>> 0 !== addr) return "misaligned";
    return { base: addr, prefix };
}

export function mask(prefix: number): number {
    return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function formatCidr(c: Cidr): string {
    const a = c.base;
    return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}/${c.prefix}`;
}

/** The aligned block that contains `text`'s address at its prefix: the fix to suggest for a misaligned CIDR. */
export function alignedCidr(text: string): string | undefined {
    const m = CIDR_RE.exec(text);
    if (!m) return undefined;
    const addr = m
        .slice(1, 5)
        .map(Number)
        .reduce((acc, o) => ((acc << 8) | o) >>> 0, 0);
    const prefix = Number(m[5]);
    return formatCidr({ base: (addr & mask(prefix)) >>> 0, prefix });
}

function size(c: Cidr): number {
    return 2 ** (32 - c.prefix);
}

export function contains(outer: Cidr, inner: Cidr): boolean {
    return inner.prefix >= outer.prefix && inner.base >= outer.base && inner.base + size(inner) <= outer.base + size(outer);
}

export function overlaps(a: Cidr, b: Cidr): boolean {
    return a.base < b.base + size(b) && b.base < a.base + size(a);
}

/** The `index`-th block of `newBits` more bits inside `parent` (Terraform's cidrsubnet). */
export function subnet(parent: Cidr, newBits: number, index: number): Cidr {
    const prefix = parent.prefix + newBits;
    if (prefix > 32 || index >= 2 ** newBits) throw new Error(`cannot carve /${prefix} #${index} out of ${formatCidr(parent)}`);
    return { base: (parent.base + index * 2 ** (32 - prefix)) >>> 0, prefix };
}
