import { RecordedAlias, RecordedResource, Registry } from "./registry";

/**
 * URNs as the Pulumi engine forms them: `urn:pulumi:<stack>::<project>::<qualified type>::<name>`, where the qualified
 * type is the parent's qualified type, `$`, then the resource's type (the stack itself is left out). The mock monitor
 * keeps only the parent's last type, so a move two levels down would go unnoticed with its URNs; these do not.
 */
export function urnsOf(registry: Registry, stack: string, project = "platform"): { urns: Map<string, RecordedResource>; aliases: Map<string, RecordedResource> } {
    const qualified = new Map<string, string>();
    const qualifiedType = (r: RecordedResource): string => {
        const known = qualified.get(r.key);
        if (known) return known;
        const parent = r.parent ? registry.byKey(r.parent) : undefined;
        const q = parent ? `${qualifiedType(parent)}$${r.type}` : r.type;
        qualified.set(r.key, q);
        return q;
    };
    const urn = (q: string, name: string) => `urn:pulumi:${stack}::${project}::${q}::${name}`;
    const aliasUrn = (r: RecordedResource, a: RecordedAlias): string => {
        if (a.urn) return a.urn;
        const type = a.type ?? r.type;
        const name = a.name ?? r.name;
        if (a.noParent) return urn(type, name);
        if (a.parentUrn) return urn(`${a.parentUrn.split("::")[2]}$${type}`, name);
        const parentKey = a.parent ?? r.parent;
        const parent = parentKey ? registry.byKey(parentKey) : undefined;
        return urn(parent ? `${qualifiedType(parent)}$${type}` : type, name);
    };
    const urns = new Map<string, RecordedResource>();
    const aliases = new Map<string, RecordedResource>();
    for (const r of registry.resources) {
        urns.set(urn(qualifiedType(r), r.name), r);
        for (const a of r.aliases ?? []) aliases.set(aliasUrn(r, a), r);
    }
    return { urns, aliases };
}
