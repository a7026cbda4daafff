import { RecordedResource, Registry } from "../test/harness/registry";

/** Inputs with every secret value replaced by "[secret]". */
export function redactedInputs(r: RecordedResource): unknown {
    if (r.secretPaths.includes("")) return "[secret]";
    const copy = JSON.parse(JSON.stringify(r.inputs ?? {}));
    for (const p of r.secretPaths) {
        const parts = p.split(".");
        let node = copy;
        for (const part of parts.slice(0, -1)) node = node?.[part];
        if (node && typeof node === "object" && parts[parts.length - 1] in node) node[parts[parts.length - 1]] = "[secret]";
    }
    return copy;
}

/** The Kubernetes object a resource declares, as it would be applied (secrets redacted); undefined for non-objects. */
export function manifestOf(r: RecordedResource): { apiVersion: string; kind: string; [k: string]: unknown } | undefined {
    if (!r.type.startsWith("kubernetes:") || r.type.startsWith("kubernetes:helm.sh") || r.type.startsWith("pulumi:providers")) return undefined;
    const inputs = redactedInputs(r) as Record<string, any>;
    if (r.type === "kubernetes:apiextensions.k8s.io:CustomResource" || r.type.endsWith("List")) {
        return inputs.apiVersion ? (inputs as any) : undefined;
    }
    // kubernetes:<group>/<version>:<Kind>; the core group is "core" in the token and absent in apiVersion.
    const [, groupVersion, kind] = r.type.split(":");
    const apiVersion = groupVersion.startsWith("core/") ? groupVersion.slice(5) : groupVersion;
    const { apiVersion: _a, kind: _k, ...rest } = inputs;
    return { apiVersion, kind, ...rest };
}

/** The component tree with resource counts by type, then totals by type. */
export function printTree(registry: Registry, stack: string): void {
    console.log(`stack ${stack}: ${registry.resources.length} resources`);
    const roots = registry.resources.filter((r) => r.parent === undefined);
    const show = (r: RecordedResource, depth: number) => {
        const indent = "  ".repeat(depth);
        const children = registry.childrenOf(r);
        if (children.length === 0) return;
        console.log(`${indent}${r.type.startsWith("platform:") ? r.type : r.type.split(":").pop()} ${r.name}`);
        const leaves = new Map<string, number>();
        for (const c of children) {
            if (registry.childrenOf(c).length > 0) continue;
            leaves.set(c.type, (leaves.get(c.type) ?? 0) + 1);
        }
        for (const [type, n] of [...leaves].sort()) console.log(`${indent}  ${String(n).padStart(3)} x ${type}`);
        for (const c of children) show(c, depth + 1);
    };
    for (const root of roots) {
        if (registry.childrenOf(root).length > 0) show(root, 1);
        else console.log(`  ${root.type} ${root.name}`);
    }
    console.log("\ntotals by type:");
    const counts = Object.entries(registry.countByType()).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    for (const [type, n] of counts) console.log(`  ${String(n).padStart(4)}  ${type}`);
}
