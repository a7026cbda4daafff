import type { RecordedAlias, RecordedResource, Registry } from "./registry";

/**
 * URNs as the Pulumi engine forms them: `urn:pulumi:<stack>::<project>::<qualified type>::<name>`, where the qualified
 * type is the parent's qualified type, `$`, then the resource's type (the stack itself is left out). The mock monitor
 * keeps only the parent's last type, so a move two levels down would go unnoticed with its URNs; these do not.
 *
 * Aliases are the resource's own `aliases` option plus the ones Pulumi derives for children of an aliased parent: for
 * each old URN of the parent, the child under it, with the parent's old name as the prefix of the child's name when
 * the child's name starts with the parent's (the SDK's and engine's inherited child alias); and, for each of the
 * child's own aliases, that alias under each old URN of the parent (@pulumi/pulumi 3.270 resource.js `allAliases`),
 * which is what keeps a child whose type was renamed together with its parent's.
 */
export function urnsOf(
    registry: Registry,
    stack: string,
    project = "platform",
): { urns: Map<string, RecordedResource>; aliases: Map<string, RecordedResource> } {
    const urn = (q: string, name: string) => `urn:pulumi:${stack}::${project}::${q}::${name}`;
    const parts = (u: string) => {
        const segments = u.split("::");
        return { qualifiedType: segments[2], name: segments.slice(3).join("::") };
    };
    const qualified = new Map<string, string>();
    const qualifiedType = (r: RecordedResource): string => {
        const known = qualified.get(r.key);
        if (known) return known;
        const parent = r.parent ? registry.byKey(r.parent) : undefined;
        const q = parent ? `${qualifiedType(parent)}$${r.type}` : r.type;
        qualified.set(r.key, q);
        return q;
    };
    const urnOf = (r: RecordedResource) => urn(qualifiedType(r), r.name);
    const explicit = (r: RecordedResource, a: RecordedAlias): string => {
        if (a.urn) return a.urn;
        const type = a.type ?? r.type;
        const name = a.name ?? r.name;
        if (a.noParent) return urn(type, name);
        if (a.parentUrn) return urn(`${parts(a.parentUrn).qualifiedType}$${type}`, name);
        const parentKey = a.parent ?? r.parent;
        const parent = parentKey ? registry.byKey(parentKey) : undefined;
        return urn(parent ? `${qualifiedType(parent)}$${type}` : type, name);
    };
    const memo = new Map<string, string[]>();
    const aliasUrns = (r: RecordedResource): string[] => {
        const known = memo.get(r.key);
        if (known) return known;
        const out = (r.aliases ?? []).map((a) => explicit(r, a));
        const parent = r.parent ? registry.byKey(r.parent) : undefined;
        if (parent) {
            const own = out.map((u) => {
                const p = parts(u);
                return { type: p.qualifiedType.split("$").pop()!, name: p.name };
            });
            for (const parentAlias of aliasUrns(parent)) {
                const old = parts(parentAlias);
                for (const child of [{ type: r.type, name: r.name }, ...own]) {
                    const name = child.name.startsWith(parent.name) ? old.name + child.name.slice(parent.name.length) : child.name;
                    out.push(urn(`${old.qualifiedType}$${child.type}`, name));
                }
            }
        }
        memo.set(r.key, out);
        return out;
    };
    const urns = new Map<string, RecordedResource>();
    const aliases = new Map<string, RecordedResource>();
    for (const r of registry.resources) {
        urns.set(urnOf(r), r);
        for (const a of aliasUrns(r)) aliases.set(a, r);
    }
    return { urns, aliases };
}
