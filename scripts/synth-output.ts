import type { RecordedResource, Registry } from "../offline/engine/registry";

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
